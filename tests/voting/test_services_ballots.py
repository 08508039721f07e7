"""Setting up and opening ballots: questions, the frozen electorate and why a member may not
vote (`voting.services.ballot_create`, `question_add`, `option_add`, `ballot_open`, …)."""

from __future__ import annotations

import datetime as dt

import pytest

from membership import services as ms
from membership.models import Member, RulesVersion
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import rules, selectors, services
from voting.models import Participation

pytestmark = pytest.mark.django_db


# --- Creating a ballot and its questions -----------------------------------------------------


def test_a_ballot_is_created_as_a_draft_with_an_audit_event(organisation, secretary):
    mark = mf.last_event_id()
    ballot = services.ballot_create(
        organisation=organisation,
        title="  Annual ballot ",
        record_date=dt.date(2024, 1, 1),
        eligible_classes=[mf.member_class(organisation, "workers")],
        actor=secretary,
    )
    assert (ballot.status, ballot.title, ballot.is_secret) == ("draft", "Annual ballot", True)
    [event] = mf.events_since(mark)
    assert (event.action, event.actor_id, event.object_id) == (
        "ballot.create",
        secretary.pk,
        str(ballot.pk),
    )
    assert event.after["eligible_classes"] == ["workers"]


def test_a_ballot_needs_a_title(organisation):
    with vf.refused("title", "Give the ballot a title."):
        vf.ballot(organisation, title="   ")


def test_the_record_date_cannot_precede_registration(organisation):
    with vf.refused("record_date", "cannot be before the organisation was registered"):
        vf.ballot(organisation, record_date=dt.date(2010, 1, 1))


def test_proxies_refused_where_the_rules_allow_none(organisation):
    with vf.refused("allow_proxy", "The rules do not allow proxy votes (Rules as registered)."):
        vf.ballot(organisation, allow_proxy=True)


def test_classes_of_another_organisation_are_refused(organisation, other_organisation):
    with vf.refused("eligible_classes", "Choose member classes of this organisation."):
        vf.ballot(organisation, eligible_classes=[mf.member_class(other_organisation)])


def test_a_resolution_gets_for_against_and_abstain(organisation):
    ballot = vf.ballot(organisation)
    question = vf.resolution(ballot, code="special")
    assert [(o.position, o.code, o.label, o.label_cy) for o in question.options.all()] == [
        (1, "for", "For", "O blaid"),
        (2, "against", "Against", "Yn erbyn"),
        (3, "abstain", "Abstain", "Ymatal"),
    ]
    assert question.resolution_type.threshold == "two_thirds"


def test_a_resolution_needs_a_type_of_this_organisations_rules(organisation, other_organisation):
    ballot = vf.ballot(organisation)
    with vf.refused("resolution_type", "Choose the type of resolution the rules define."):
        services.question_add(ballot=ballot, kind="resolution", text="Adopt?", actor=None)
    with vf.refused("resolution_type", "of this organisation's rules"):
        services.question_add(
            ballot=ballot,
            kind="resolution",
            text="Adopt?",
            resolution_type=vf.resolution_type(other_organisation),
            actor=None,
        )


def test_a_resolutions_options_are_fixed(organisation):
    ballot = vf.ballot(organisation)
    question = vf.resolution(ballot)
    with vf.refused("question", "A resolution's options are fixed"):
        services.option_add(question=question, label="Maybe", actor=None)


def test_a_name_is_on_the_list_once(organisation):
    ballot = vf.ballot(organisation)
    question = vf.choice(ballot, labels=("Ash", "Birch"))
    with vf.refused("label", "This name is already on the list."):
        services.option_add(question=question, label="ash", actor=None)


def test_seats_reserved_cannot_exceed_the_seats(organisation):
    ballot = vf.ballot(organisation)
    question = vf.stv(ballot, seats=2)
    services.reservation_set(
        question=question, member_class=mf.member_class(organisation), seats=1, actor=None
    )
    with vf.refused("seats", "Reserved seats (3) cannot be more than the seats to fill (2)."):
        services.reservation_set(
            question=question,
            member_class=mf.member_class(organisation, "workers"),
            seats=2,
            actor=None,
        )


def test_questions_cannot_change_once_the_ballot_is_open(organisation):
    mf.member(organisation)
    ballot = vf.ballot(organisation)
    choice = vf.choice(ballot)
    vf.open_ballot(ballot)
    with vf.refused("status", "no longer being prepared"):
        services.option_add(question=choice, label="Derwen", actor=None)
    with vf.refused("status", "no longer being prepared"):
        vf.resolution(ballot)


# --- Opening --------------------------------------------------------------------------------


def test_opening_without_questions_is_refused(organisation):
    ballot = vf.ballot(organisation)
    with vf.refused("questions", "Add at least one question before opening the ballot."):
        services.ballot_open(ballot=ballot, actor=None)


def test_opening_an_stv_election_with_no_contest_is_refused(organisation):
    ballot = vf.ballot(organisation)
    vf.stv(ballot, candidates=("Alaw", "Bryn"), seats=2)
    with vf.refused("questions", "Question 1 has 2 candidates for 2 seats: there is no contest"):
        services.ballot_open(ballot=ballot, actor=None)


def test_opening_a_question_with_one_candidate_is_refused(organisation):
    ballot = vf.ballot(organisation)
    vf.resolution(ballot)
    vf.stv(ballot, candidates=("Alaw",), seats=1)
    with vf.refused("questions", "Question 2 needs at least two choices or candidates."):
        services.ballot_open(ballot=ballot, actor=None)


def test_opening_with_a_record_date_in_the_future_is_refused(organisation):
    future = dt.date.today() + dt.timedelta(days=10)  # noqa: DTZ011 - a date, any zone
    ballot = vf.ballot(organisation, record_date=future)
    vf.resolution(ballot)
    with vf.refused("record_date", "is in the future"):
        services.ballot_open(ballot=ballot, actor=None)


def test_opening_twice_is_refused(organisation):
    ballot, _question = vf.resolution_ballot(organisation)
    with vf.refused("status", "cannot become"):
        services.ballot_open(ballot=ballot, actor=None)


def test_opening_fixes_the_rules_and_the_seed_and_audits(organisation, secretary):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot, _question = vf.resolution_ballot(organisation, is_open=False)
    mark = mf.last_event_id()
    services.ballot_open(ballot=ballot, actor=secretary)
    ballot.refresh_from_db()
    assert ballot.status == "open"
    assert ballot.opened_at is not None
    assert ballot.rules_version == RulesVersion.objects.get(organisation=organisation)
    assert len(ballot.stv_seed) == 16
    assert ballot.electorate_count == 3
    assert sorted(
        Participation.objects.filter(ballot=ballot).values_list("member_id", flat=True)
    ) == sorted(v.pk for v in voters)
    [event] = mf.events_since(mark)
    assert event.action == "ballot.open"
    assert event.after == {
        "status": "open",
        "electorate": 3,
        "rules_version": ballot.rules_version_id,
        "seed": ballot.stv_seed,
    }


def test_the_rules_in_force_on_the_record_date_apply(organisation):
    ms.rules_version_create(
        organisation=organisation,
        effective_from=dt.date(2024, 6, 1),
        title="Rules of 2024",
        chair_casting_vote=True,
        actor=None,
    )
    early = vf.ballot(organisation, record_date=dt.date(2024, 1, 1))
    vf.resolution(early)
    late = vf.ballot(organisation, record_date=dt.date(2024, 7, 1))
    vf.resolution(late)
    assert vf.open_ballot(early).rules_version.title == "Rules as registered"
    assert vf.open_ballot(late).rules_version.title == "Rules of 2024"


# --- The electorate, frozen at opening, with reasons -------------------------------------------


def members_of_every_standing(organisation) -> dict[str, Member]:
    """One member who may vote on 2024-01-01 and one for each reason not to, under rules that
    change on 2023-01-01 to a minimum age of 18."""
    ms.rules_version_create(
        organisation=organisation,
        effective_from=dt.date(2023, 1, 1),
        title="Rules of 2023",
        minimum_age=18,
        actor=None,
    )
    voter = mf.member(organisation, cls="workers")
    # Allotted a membership share in 2020 but paid nothing for it.
    unpaid = ms.member_register(
        organisation=organisation,
        name="Una Unpaid",
        member_class=mf.member_class(organisation, "workers"),
        entered_on=dt.date(2020, 1, 6),
        postal_address="1 Stryd\nAber",
        actor=None,
    )
    ms.shares_allot(
        member=unpaid,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2020, 1, 6),
        paid_pence=0,
        actor=None,
    )
    # Born 2006-06-01: 16 when admitted in 2022 (old enough then), 17 on the record date.
    young = mf.member(
        organisation,
        cls="workers",
        entered_on=dt.date(2022, 6, 1),
        date_of_birth=dt.date(2006, 6, 1),
    )
    suspended = mf.member(organisation, cls="workers")
    ms.member_suspend(member=suspended, reason="Rule 20", actor=None)
    return {
        "voter": voter,
        "unpaid": unpaid,
        "young": young,
        "excluded": mf.member(organisation, cls="supporters"),
        "late": mf.member(organisation, cls="workers", entered_on=dt.date(2024, 3, 1)),
        "suspended": suspended,
    }


def test_the_electorate_is_frozen_with_the_reason_each_member_may_not_vote(organisation):
    people = members_of_every_standing(organisation)
    ballot = vf.ballot(
        organisation,
        record_date=dt.date(2024, 1, 1),
        eligible_classes=[
            mf.member_class(organisation, "workers"),
            mf.member_class(organisation, "users"),
        ],
    )
    vf.resolution(ballot)
    ballot = vf.open_ballot(ballot)
    people["admitted_after_opening"] = mf.member(
        organisation, cls="workers", entered_on=dt.date(2024, 3, 2)
    )

    reasons = dict(
        Participation.objects.filter(ballot=ballot).values_list("member_id", "ineligible_reason")
    )
    # Each member sees whether they may vote, and why not.
    seen = {name: selectors.voter_status(ballot, m) for name, m in people.items()}

    assert reasons == {
        people["voter"].pk: "",
        people["unpaid"].pk: rules.UNPAID,
        people["young"].pk: rules.UNDER_AGE,
        people["excluded"].pk: rules.CLASS_EXCLUDED,
        people["late"].pk: rules.NOT_A_MEMBER,
        people["suspended"].pk: rules.SUSPENDED,
    }
    assert ballot.electorate_count == 1
    assert {name: (s.on_roll, s.may_vote, s.reason) for name, s in seen.items()} == {
        "voter": (True, True, ""),
        "unpaid": (True, False, "Your qualifying share was not fully paid on the record date."),
        "young": (True, False, "You were under the minimum age on the record date."),
        "excluded": (True, False, "Your member class does not vote in this ballot."),
        "late": (True, False, "You were not a member on the record date of this ballot."),
        "suspended": (True, False, "Your membership is suspended."),
        # Admitted after the ballot opened: not on the roll at all, and told why.
        "admitted_after_opening": (
            False,
            False,
            "You were not a member on the record date of this ballot.",
        ),
    }


def test_ceased_before_or_after_the_record_date(organisation):
    # Ceased before the record date: not a member then, so not on the roll at all.
    gone = mf.member(organisation)
    ms.member_cease(member=gone, ceased_on=dt.date(2023, 6, 1), reason="death", actor=None)
    # Ceased after the record date (2024-01-01) but before opening: on the roll, ceased.
    leaver = mf.member(organisation)
    ms.member_cease(member=leaver, ceased_on=dt.date(2024, 2, 1), reason="death", actor=None)
    ballot, _question = vf.resolution_ballot(organisation)
    assert not Participation.objects.filter(ballot=ballot, member=gone).exists()
    assert selectors.voter_status(ballot, gone).reason == (
        "You were not a member on the record date of this ballot."
    )
    assert Participation.objects.get(ballot=ballot, member=leaver).ineligible_reason == "ceased"
    assert selectors.voter_status(ballot, leaver).reason == "Your membership has ceased."


def test_a_member_who_joined_after_opening_stays_off_the_roll_when_voting(organisation):
    ballot, question = vf.resolution_ballot(organisation)
    newcomer = mf.member(organisation)
    with vf.refused("member", f"Member {newcomer.number} is not on the roll of this ballot."):
        vf.vote(ballot, newcomer, question, "for")
    assert not Participation.objects.filter(ballot=ballot, member=newcomer).exists()


def test_a_member_suspended_after_opening_is_told_so(organisation):
    voter = mf.member(organisation)
    ballot, _question = vf.resolution_ballot(organisation)
    ms.member_suspend(member=voter, reason="Rule 20", actor=None)
    status = selectors.voter_status(ballot, voter)
    assert (status.on_roll, status.may_vote, status.reason) == (
        True,
        False,
        "Your membership is suspended.",
    )
