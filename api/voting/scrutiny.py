"""Turnout (counts only), results (hidden until the ballot closes), the published receipt
codes, the secretary's roll (who may vote, who has voted — never what they chose), and for
the scrutineer the ballot's audit trail and the recount kit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.membership.register import AuditEventSerializer
from api.mixins import validated
from api.serializers import DateTimeInSaneYears, EnumChoiceField, error_responses
from api.voting.base import BallotView
from voting import disclosure, limits, permissions, results, selectors
from voting.models import Ballot, Question
from voting.receipts import normalise_code
from voting.report import revealing_note

TAGS = ["Ballots"]
HIDDEN = error_responses(401, 403, 404)

# --- serializers -------------------------------------------------------------------------


class ClassTurnoutSerializer(serializers.Serializer):
    member_class = serializers.CharField(source="member_class.code")
    name = serializers.CharField(source="member_class.name")
    voted = serializers.IntegerField()
    electorate = serializers.IntegerField()
    percent = serializers.CharField()


class TurnoutSerializer(serializers.Serializer):
    voted = serializers.IntegerField()
    electorate = serializers.IntegerField()
    percent = serializers.CharField(help_text="Turnout as a percentage, one decimal place.")
    by_class = ClassTurnoutSerializer(
        many=True, help_text="Turnout by member class, for classes of 5 or more voters only."
    )
    classes_not_shown = serializers.IntegerField(
        help_text="Classes too small (fewer than 5) to show apart."
    )


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = EnumChoiceField(Question.Kind.choices, enum_name="QuestionKindEnum")
    text = serializers.CharField()
    outcome = serializers.CharField(
        help_text="`carried`, `lost` or `awaiting_casting_vote` (resolutions; empty otherwise)."
    )
    outcome_label = serializers.CharField()
    description = serializers.CharField(help_text="The result in words, with the rule applied.")
    elected = serializers.ListField(
        child=serializers.CharField(), help_text="Choices or candidates chosen, in order."
    )
    classes_hidden = serializers.BooleanField(
        help_text="The breakdown by class is left out: a class had fewer than 5 voters."
    )
    revealing_classes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of the classes whose votes the weighted totals may reveal: fewer than "
        "5 of them voted in a weighted count.",
    )
    disclosure_note = serializers.CharField(
        help_text="The same, said plainly (empty where the totals reveal no class's votes)."
    )
    result = serializers.JSONField(
        help_text="The count as stored at close: votes, the rule applied, and for STV every "
        "stage of the count."
    )


class BallotResultsSerializer(serializers.Serializer):
    ballot = serializers.IntegerField()
    title = serializers.CharField()
    status = EnumChoiceField(Ballot.Status.choices, enum_name="BallotStatusEnum")
    is_secret = serializers.BooleanField()
    closed_at = DateTimeInSaneYears()
    published_at = DateTimeInSaneYears(allow_null=True)
    seed = serializers.CharField(help_text="The seed for drawing lots, fixed when it opened.")
    turnout = TurnoutSerializer()
    questions = QuestionResultSerializer(many=True)


class ReceiptCodeSerializer(serializers.Serializer):
    code = serializers.CharField()


class ReceiptFilterSerializer(serializers.Serializer):
    code = serializers.CharField(
        required=False,
        max_length=limits.RECEIPT_CODE,
        error_messages=limits.LIMITS["code"].error_messages(),
        help_text="Check one code (any case; the dash may be left out).",
    )


class RollRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    name = serializers.CharField(source="member.name")
    member_class = serializers.CharField(source="member_class.code")
    may_vote = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why they may not vote (empty if they may).")
    has_voted = serializers.BooleanField()
    channel = serializers.CharField(help_text="online, room, hands or proxy (empty if not).")
    voted_on = serializers.DateField(allow_null=True)


class RollFilterSerializer(serializers.Serializer):
    voted = serializers.BooleanField(required=False, allow_null=True)
    eligible = serializers.BooleanField(required=False, allow_null=True)
    member_class = serializers.SlugField(
        required=False, max_length=100, help_text="Member class code."
    )


class BltFileSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The question's id.")
    position = serializers.IntegerField()
    filename = serializers.CharField()
    content = serializers.CharField(help_text="The papers of the STV question as a BLT file.")


class RecountKitSerializer(serializers.Serializer):
    papers_csv = serializers.CharField(
        help_text="Every paper (random order, no voter, no channel) with its choices, as CSV; "
        "with its member class only where the count used it and every class had 5 or more "
        "voters (`rules.papers` says which and why)."
    )
    blt = BltFileSerializer(many=True)
    rules = serializers.JSONField(help_text="The rules the count applied.")


# --- views -------------------------------------------------------------------------------


def turnout_body(ballot: Ballot) -> dict[str, Any]:
    """Turnout overall and by class; a class of fewer than 5 is not shown apart."""
    turnout = selectors.turnout(ballot)
    shown = turnout.shown_classes
    return {
        "voted": turnout.voted,
        "electorate": turnout.electorate,
        "percent": turnout.percent,
        "by_class": shown,
        "classes_not_shown": len(turnout.by_class) - len(shown),
    }


@extend_schema(tags=TAGS)
class TurnoutView(BallotView):
    policy = {"GET": permissions.can_view_ballot}

    @extend_schema(
        summary="Turnout: how many have voted (counts only, never who or how)",
        responses={200: TurnoutSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(TurnoutSerializer(turnout_body(self.ballot)).data)


def _hidden_reason(ballot: Ballot) -> str:
    if ballot.status == Ballot.Status.CANCELLED:
        return _("The ballot was cancelled: there are no results.")
    if ballot.status == Ballot.Status.CLOSED:
        return _(
            "The results are being checked by the secretary and the scrutineers: you can see "
            "them once they are published."
        )
    return _("The results are hidden until the ballot closes.")


def _question_result(question: Question, class_names: dict[str, str]) -> dict[str, Any]:
    result, hidden = disclosure.public_result(question.result)
    revealing = disclosure.revealing_classes(question.result)
    labels = {str(o.pk): o.label for o in question.options.all()}
    elected = [labels.get(str(e), str(e)) for e in result.get("elected", [])]
    return {
        "id": question.pk,
        "position": question.position,
        "kind": question.kind,
        "text": question.text,
        "outcome": result.get("outcome", ""),
        "outcome_label": results.outcome_label(result),
        "description": results.describe(result),
        "elected": elected,
        "classes_hidden": hidden,
        "revealing_classes": revealing,
        "disclosure_note": revealing_note([class_names.get(c, c) for c in revealing])
        if revealing
        else "",
        "result": result,
    }


@extend_schema(tags=TAGS)
class ResultsView(BallotView):
    policy = {"GET": permissions.can_view_ballot}

    @extend_schema(
        summary="The results, with the rule each outcome applied",
        description="Hidden until the ballot closes (403 with the reason). After it closes the "
        "secretary and scrutineers see them; everyone else once they are published. No "
        "breakdown by class is shown where a class had fewer than 5 voters.",
        responses={200: BallotResultsSerializer, **HIDDEN},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        if not permissions.can_view_results(request.user, ballot):
            raise PermissionDenied(_hidden_reason(ballot))
        class_names = {
            c.code: c.display_name for c in selectors.member_classes(ballot.organisation)
        }
        body = {
            "ballot": ballot.pk,
            "title": ballot.title,
            "status": ballot.status,
            "is_secret": ballot.is_secret,
            "closed_at": ballot.closed_at,
            "published_at": ballot.published_at,
            "seed": ballot.stv_seed,
            "turnout": turnout_body(ballot),
            "questions": [
                _question_result(q, class_names) for q in selectors.ballot_questions(ballot)
            ],
        }
        return Response(BallotResultsSerializer(body).data)


@extend_schema(tags=TAGS)
class ReceiptListView(BallotView):
    policy = {"GET": permissions.can_view_ballot}

    @extend_schema(
        summary="The receipt codes of every vote counted, published when the ballot closes",
        description="Each voter can check that their code is here (`?code=`): it says the "
        "vote was counted, never what was chosen. Before the ballot closes: 403.",
        parameters=[ReceiptFilterSerializer],
        responses={200: ReceiptCodeSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        if not ballot.results_visible:
            raise PermissionDenied(_("Receipt codes are published when the ballot closes."))
        query = validated(ReceiptFilterSerializer, request.query_params)
        code = normalise_code(query["code"]) if query.get("code") else ""
        return self.paginated(selectors.receipt_codes(ballot, code=code), ReceiptCodeSerializer)


@extend_schema(tags=TAGS)
class RollView(BallotView):
    policy = {"GET": permissions.can_view_roll}

    @extend_schema(
        summary="The roll: each member, whether they may vote and why not, whether they voted "
        "(secretary)",
        description="Frozen when the ballot opened (empty before). Never what anyone chose.",
        parameters=[RollFilterSerializer],
        responses={200: RollRowSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        query = validated(RollFilterSerializer, request.query_params)
        rows = selectors.roll(
            self.ballot,
            voted=query.get("voted"),
            eligible=query.get("eligible"),
            member_class=query.get("member_class", ""),
        )
        page = self.paginate_queryset(rows)
        assert page is not None
        return self.paginated_page(selectors.roll_rows(page), RollRowSerializer)


@extend_schema(tags=TAGS)
class BallotAuditView(BallotView):
    policy = {"GET": permissions.can_scrutinise_ballot}

    @extend_schema(
        summary="The ballot's audit trail: who voted, when and how, never what (scrutineer)",
        responses={200: AuditEventSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.ballot_audit(self.ballot), AuditEventSerializer)


@extend_schema(tags=TAGS)
class RecountKitView(BallotView):
    policy = {"GET": permissions.can_scrutinise_ballot}

    @extend_schema(
        summary="The recount kit: the papers as CSV, a BLT file per STV question, and the "
        "rules applied (scrutineer)",
        description="Ready once the ballot has closed (403 before). The papers carry no voter.",
        responses={200: RecountKitSerializer, **HIDDEN},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        if not ballot.results_visible:
            raise PermissionDenied(_("The recount kit is ready once the ballot has closed."))
        questions = selectors.ballot_questions(ballot)
        classes = selectors.recount_kit_classes(ballot)
        kit = {
            "papers_csv": selectors.papers_csv(ballot, classes),
            "blt": [
                {
                    "question": q.pk,
                    "position": q.position,
                    "filename": f"question-{q.position}.blt",
                    "content": selectors.question_blt(q),
                }
                for q in questions
                if q.kind == Question.Kind.STV
            ],
            "rules": selectors.rules_applied(ballot, classes),
        }
        return Response(RecountKitSerializer(kit).data)
