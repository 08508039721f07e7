"""Reads of ballots and their papers: the list, the questions with their options, one question,
option or proxy of a ballot, and the organisation's classes and members a request names."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from membership.models import Member, MemberClass, Organisation, ResolutionType
from voting.models import Ballot, Option, Proxy, Question


def organisation_named(slug: str) -> Organisation | None:
    """The organisation in an address (whoever asks: the caller gates it)."""
    return Organisation.objects.filter(slug=slug).first()


def ballot_in(slug: str, pk: int) -> Ballot | None:
    """The ballot `pk` of the organisation `slug` (None for a ballot of another organisation:
    a guessed id through the wrong address finds nothing). The caller gates it."""
    return (
        Ballot.objects.select_related("organisation", "rules_version")
        .filter(organisation__slug=slug, pk=pk)
        .first()
    )


def ballots_for_organisation(
    organisation: Organisation, *, include_drafts: bool
) -> QuerySet[Ballot]:
    """The organisation's ballots, newest first, each with how many have voted so far (drafts
    only with `include_drafts`: `voting.permissions.can_view_draft_ballots`)."""
    ballots = Ballot.objects.filter(organisation=organisation)
    if not include_drafts:
        ballots = ballots.visible_to_members()
    return ballots.annotate(
        voted_count=Count("participations", filter=Q(participations__has_voted=True)),
    ).order_by("-created_at")


def ballot_with_classes(ballot: Ballot) -> Ballot:
    """The ballot again, with its organisation and eligible classes (after a change)."""
    return (
        Ballot.objects.filter(pk=ballot.pk)
        .select_related("organisation")
        .prefetch_related("eligible_classes")
        .get()
    )


def ballot_questions(ballot: Ballot) -> list[Question]:
    """The ballot's questions with their options (and reserved seats, for STV elections)."""
    questions = list(
        ballot.questions.select_related("resolution_type").prefetch_related(
            Prefetch("options", queryset=Option.objects.select_related("member_class"))
        )
    )
    # Only an STV election has reserved seats: no query for them otherwise.
    prefetch_related_objects(
        [q for q in questions if q.kind == Question.Kind.STV], "reservations__member_class"
    )
    return questions


def question_get(ballot: Ballot, pk: int) -> Question | None:
    """A question of the ballot by id (None for a question of another ballot)."""
    return (
        Question.objects.filter(ballot=ballot, pk=pk)
        .select_related("ballot", "resolution_type")
        .first()
    )


def question_at(ballot: Ballot, position: int) -> Question | None:
    """A question of the ballot by its number on the paper."""
    return (
        Question.objects.filter(ballot=ballot, position=position)
        .select_related("ballot", "resolution_type")
        .first()
    )


def question_with_options(question: Question) -> Question:
    """The question again, with what its serializer shows (after a change)."""
    return (
        Question.objects.filter(pk=question.pk)
        .select_related("resolution_type")
        .prefetch_related("options__member_class", "reservations__member_class")
        .get()
    )


def option_get(pk: int) -> Option:
    """An option with its candidate's class (after it was added)."""
    return Option.objects.select_related("member_class").get(pk=pk)


def resolution_types_for(ballot: Ballot) -> QuerySet[ResolutionType]:
    """The resolution types of the rules in force on the ballot's record date (rules version:
    resolution types)."""
    version = ballot.organisation.rules_versions.in_force_on(ballot.record_date).first()
    if version is None:
        return ResolutionType.objects.none()
    return version.resolution_types.all()


def resolution_type_for(ballot: Ballot, code: str) -> ResolutionType | None:
    """A resolution type of the rules in force on the ballot's record date, by code."""
    return resolution_types_for(ballot).filter(code=code).first()


def proxies(ballot: Ballot) -> QuerySet[Proxy]:
    """The ballot's proxies by member number."""
    return ballot.proxies.select_related("member", "holder").order_by("member__number")


def proxy_get(ballot: Ballot, pk: int) -> Proxy | None:
    """A proxy of the ballot by id (None for a proxy of another ballot)."""
    return Proxy.objects.filter(ballot=ballot, pk=pk).select_related("member", "holder").first()


def members_numbered(organisation: Organisation, numbers: list[int]) -> dict[int, Member]:
    """The organisation's members with these numbers, by number (those that exist)."""
    return {
        m.number: m for m in Member.objects.filter(organisation=organisation, number__in=numbers)
    }


def member_classes_by_code(organisation: Organisation, codes: list[str]) -> dict[str, MemberClass]:
    """The organisation's member classes with these codes, by code (those that exist)."""
    return {c.code: c for c in organisation.member_classes.filter(code__in=codes)}


def member_classes(organisation: Organisation) -> QuerySet[MemberClass]:
    """The organisation's member classes in their order."""
    return organisation.member_classes.order_by("position")
