"""Answers of a bid: every question with who answers it and by when, assigning one, the answer
with its live count against the limit, saving a draft (a new version), review, reopening,
versions, reuse from the library; and the consortium's answer library."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.serializers import EnumChoiceField, error_responses
from api.tendering.base import (
    TAGS,
    AnswerView,
    BidView,
    ConsortiumView,
    author_named,
    library_entry_named,
    participant_named,
    question_named,
    valid,
)
from api.tendering.opportunity_serializers import TenderQuestionSerializer
from tendering import permissions, rules, selectors, services
from tendering.models import Answer, AnswerVersion, LibraryAnswer

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class AnswerRowSerializer(serializers.Serializer):
    question = TenderQuestionSerializer()
    participant = serializers.IntegerField(
        source="participant.pk",
        allow_null=True,
        help_text="The co-op it answers for, where each co-op answers.",
    )
    member_name = serializers.CharField(source="participant.member.name", allow_null=True)
    answer = serializers.IntegerField(
        source="answer.pk", allow_null=True, help_text="Null until it is assigned or saved."
    )
    status = EnumChoiceField(Answer.Status.choices, enum_name="AnswerStatusEnum")
    author = serializers.IntegerField(source="answer.author_id", allow_null=True)
    author_name = serializers.CharField(source="answer.author.full_name", allow_null=True)
    due_on = serializers.DateField(source="answer.due_on", allow_null=True)
    count = serializers.IntegerField(help_text="Words, characters or pages, as the limit.")
    within_limit = serializers.BooleanField()


class AnswerDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="answer.pk")
    question = TenderQuestionSerializer(source="answer.question")
    participant = serializers.IntegerField(source="answer.participant_id", allow_null=True)
    member_name = serializers.CharField(source="answer.participant.member.name", allow_null=True)
    author = serializers.IntegerField(source="answer.author_id", allow_null=True)
    author_name = serializers.CharField(source="answer.author.full_name", allow_null=True)
    due_on = serializers.DateField(source="answer.due_on", allow_null=True)
    status = EnumChoiceField(
        Answer.Status.choices, enum_name="AnswerStatusEnum", source="answer.status"
    )
    text = serializers.CharField(source="answer.text")
    text_cy = serializers.CharField(source="answer.text_cy")
    pages = serializers.IntegerField(source="answer.pages", allow_null=True)
    reopened_reason = serializers.CharField(source="answer.reopened_reason")
    count = serializers.IntegerField(help_text="Of `text`: words, characters or pages.")
    count_cy = serializers.IntegerField(help_text="Of `text_cy`.")
    within_limit = serializers.BooleanField()
    may_edit = serializers.BooleanField(help_text="Whether you may save, submit or reuse.")


class AnswerAssignSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="Question id.")
    participant = serializers.IntegerField(
        required=False, allow_null=True, help_text="The co-op, where each co-op answers."
    )
    author = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="User id: someone of the consortium or of a co-op taking part.",
    )
    due_on = serializers.DateField(required=False, allow_null=True)


class AnswerSaveSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=rules.MAX_ANSWER
    )
    text_cy = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=rules.MAX_ANSWER
    )
    pages = serializers.IntegerField(required=False, allow_null=True, help_text="Uploads.")


class AnswerReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true to approve; false to send back to draft.")
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=rules.MAX_REVIEW_NOTE,
        help_text="What needs changing (to send it back).",
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=rules.MAX_NOTE)


class LibraryUseSerializer(serializers.Serializer):
    entry = serializers.IntegerField(help_text="Library entry id.")


class AnswerVersionSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Answer.Status.choices, enum_name="AnswerStatusEnum")
    saved_by = serializers.CharField(source="saved_by.full_name", allow_null=True)

    class Meta:
        model = AnswerVersion
        fields = ("number", "status", "text", "text_cy", "saved_by", "saved_at", "note")
        read_only_fields = fields


class LibraryAnswerSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.full_name", allow_null=True)
    is_overdue = serializers.SerializerMethodField(
        help_text="Past its review date: it cannot be reused until reviewed."
    )

    class Meta:
        model = LibraryAnswer
        fields = ("id", "title", "text", "text_cy", "tags", "review_by", "owner", "is_overdue")
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_overdue(self, entry: LibraryAnswer) -> bool:
        return entry.review_by < timezone.localdate()


class LibraryAddSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=rules.MAX_ANSWER)
    text_cy = serializers.CharField(required=False, allow_blank=True, max_length=rules.MAX_ANSWER)
    tags = serializers.CharField(max_length=300, required=False, allow_blank=True)
    review_by = serializers.DateField()


# --- views -------------------------------------------------------------------------------


def answer_body(user: Any, answer: Answer) -> dict[str, Any]:
    """The answer as it now stands, with its counts against the limit."""
    question = answer.question
    row = selectors.AnswerRow(question, answer.participant, answer)
    found = {
        "answer": answer,
        "count": row.count,
        "count_cy": rules.measure(answer.text_cy, question.limit_kind, answer.pages),
        "within_limit": row.within_limit,
        "may_edit": permissions.can_edit_answer(user, answer),
    }
    return dict(AnswerDetailSerializer(found).data)


def _fresh(answer: Answer) -> Answer:
    answer.refresh_from_db()
    return answer


@extend_schema(tags=TAGS)
class AnswerListView(BidView):
    policy = {"GET": permissions.can_view_bid}

    @extend_schema(
        summary="Every question with its answer's state, author and due date",
        description="Once per approved co-op where each co-op answers. A co-op's officers see "
        "the consortium's questions and their own co-op's.",
        responses={200: AnswerRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        rows = permissions.answer_rows_for(request.user, self.bid)
        return self.paginated(rows, AnswerRowSerializer)


@extend_schema(tags=TAGS)
class AnswerAssignView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Give a question to an author with a due date (lead)",
        description="Where each co-op answers, name the co-op. The due date is on or before "
        "the buyer's deadline.",
        request=AnswerAssignSerializer,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(AnswerAssignSerializer, request.data)
        participant = data.get("participant")
        answer = services.answer_assign(
            bid=self.bid,
            question=question_named(self.bid, data["question"], "question"),
            participant=participant_named(request.user, self.bid, participant, "participant")
            if participant is not None
            else None,
            author=author_named(self.bid, data.get("author"), "author"),
            due_on=data.get("due_on"),
            actor=signed_in(request),
        )
        return Response(answer_body(request.user, answer))


@extend_schema(tags=TAGS)
class AnswerDetailView(AnswerView):
    policy = {"GET": permissions.can_view_answer, "PUT": permissions.can_edit_answer}

    @extend_schema(
        summary="One answer, with its count against the limit",
        responses={200: AnswerDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        return Response(answer_body(request.user, self.answer))

    @extend_schema(
        summary="Save a draft of the answer (a new version)",
        description="Refused over the question's limit (in English and in Welsh), on an "
        "answer in review or approved (reopen it first), and once the bid is signed off. The "
        "lead, the answer's author and its co-op's officers may save.",
        request=AnswerSaveSerializer,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def put(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        data = valid(AnswerSaveSerializer, request.data)
        answer = services.answer_save(answer=self.answer, actor=signed_in(request), **data)
        return Response(answer_body(request.user, answer))


@extend_schema(tags=TAGS)
class AnswerSubmitView(AnswerView):
    policy = {"POST": permissions.can_edit_answer}

    @extend_schema(
        summary="Send a draft for review",
        description="It must be written, within its limit and, where the buyer needs it, in "
        "Welsh too.",
        request=None,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        services.answer_submit_for_review(answer=self.answer, actor=signed_in(request))
        return Response(answer_body(request.user, _fresh(self.answer)))


@extend_schema(tags=TAGS)
class AnswerReviewView(AnswerView):
    policy = {"POST": permissions.can_review_answer}

    @extend_schema(
        summary="Approve an answer in review, or send it back with a note (lead)",
        request=AnswerReviewSerializer,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        data = valid(AnswerReviewSerializer, request.data)
        services.answer_review(answer=self.answer, actor=signed_in(request), **data)
        return Response(answer_body(request.user, _fresh(self.answer)))


@extend_schema(tags=TAGS)
class AnswerReopenView(AnswerView):
    policy = {"POST": permissions.can_review_answer}

    @extend_schema(
        summary="Reopen an approved answer for editing, with the reason (lead)",
        description="Every sign-off of the bid lapses; a bid in final sign-off or ready goes "
        "back to drafting.",
        request=ReopenSerializer,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        data = valid(ReopenSerializer, request.data)
        services.answer_reopen(answer=self.answer, reason=data["reason"], actor=signed_in(request))
        return Response(answer_body(request.user, _fresh(self.answer)))


@extend_schema(tags=TAGS)
class AnswerVersionListView(AnswerView):
    policy = {"GET": permissions.can_view_answer}

    @extend_schema(
        summary="The answer's versions, newest first",
        responses={200: AnswerVersionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        versions = selectors.answer_versions(self.answer)
        return self.paginated(versions, AnswerVersionSerializer)


@extend_schema(tags=TAGS)
class AnswerLibraryUseView(AnswerView):
    policy = {"POST": permissions.can_edit_answer}

    @extend_schema(
        summary="Start the answer from a library entry (a new version)",
        description="An entry of the consortium's library (the lead: or of any co-op taking "
        "part; a co-op's officers: or of their own co-op's), still before its review date.",
        request=LibraryUseSerializer,
        responses={200: AnswerDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, answer_id: int) -> Response:
        data = valid(LibraryUseSerializer, request.data)
        entry = library_entry_named(request.user, self.bid, data["entry"], "entry")
        answer = services.library_use(answer=self.answer, entry=entry, actor=signed_in(request))
        return Response(answer_body(request.user, answer))


@extend_schema(tags=TAGS)
class LibraryListView(ConsortiumView):
    policy = {"GET": permissions.can_lead_bids, "POST": permissions.can_lead_bids}

    @extend_schema(
        summary="The consortium's answer library, those due for review first (lead)",
        responses={200: LibraryAnswerSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.library_list(self.consortium), LibraryAnswerSerializer)

    @extend_schema(
        summary="Add a reusable answer with its review-by date (lead)",
        request=LibraryAddSerializer,
        responses={201: LibraryAnswerSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = valid(LibraryAddSerializer, request.data)
        entry = services.library_add(organisation=self.consortium, actor=signed_in(request), **data)
        return Response(LibraryAnswerSerializer(entry).data, status=status.HTTP_201_CREATED)
