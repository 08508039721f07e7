"""Who may vote (`voting.services.ballot_cast`): members on the frozen roll, in good standing now,
and for an organisation only its current representative or alternate. Every refusal names the
field and the rule and changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership import services as ms
from membership.models import Representative
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting.models import Participation, SealedPaper

pytestmark = pytest.mark.django_db


def make_user(email: str) -> User:
    return User.objects.create_user(
        email=email, password="correct horse battery", full_name=email.split("@")[0].title()
    )


@pytest.fixture
def clerk(organisation) -> User:
    """The secretary entering paper votes in the room."""
    user = make_user("clerk@example.org")
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


# --- Who may vote ----------------------------------------------------------------------------


def test_a_member_of_another_organisation_is_not_on_the_roll(
    organisation, other_organisation, clerk
):
    stranger = mf.member(other_organisation)
    ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("member", f"Member {stranger.number} is not on the roll of this ballot."):
        vf.vote(ballot, stranger, question, "for", actor=clerk)


def test_a_member_admitted_after_the_ballot_opened_is_not_on_the_roll(organisation, clerk):
    ballot, question = vf.resolution_ballot(organisation)
    newcomer = mf.member(organisation, entered_on=dt.date(2024, 6, 1))
    with vf.refused("member", "is not on the roll of this ballot"):
        vf.vote(ballot, newcomer, question, "for", actor=clerk)


def test_a_member_ceased_before_the_ballot_opened_may_not_vote(organisation, clerk):
    leaver = mf.member(organisation)
    ms.member_cease(member=leaver, ceased_on=dt.date(2024, 6, 1), reason="death", actor=None)
    ballot, question = vf.resolution_ballot(organisation)
    assert Participation.objects.get(ballot=ballot, member=leaver).ineligible_reason == "ceased"
    with vf.refused("member", "Your membership has ceased."):
        vf.vote(ballot, leaver, question, "for", actor=clerk)


def test_a_member_ceased_after_the_ballot_opened_may_not_vote(organisation, clerk):
    leaver = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    ms.member_cease(member=leaver, ceased_on=dt.date(2024, 6, 1), reason="death", actor=None)
    with vf.refused("member", "Your membership has ceased."):
        vf.vote(ballot, leaver, question, "for", actor=clerk)


def test_a_member_suspended_before_the_ballot_opened_may_not_vote(organisation, clerk):
    suspended = mf.member(organisation)
    ms.member_suspend(member=suspended, reason="Rule 20: conduct", actor=None)
    ballot, question = vf.resolution_ballot(organisation)
    participation = Participation.objects.get(ballot=ballot, member=suspended)
    assert (participation.is_eligible, participation.ineligible_reason) == (False, "suspended")
    with vf.refused("member", "Your membership is suspended."):
        vf.vote(ballot, suspended, question, "for", actor=clerk)


def test_a_member_suspended_after_the_ballot_opened_may_not_vote(
    organisation, member, member_record
):
    ballot, question = vf.resolution_ballot(organisation)
    assert Participation.objects.get(ballot=ballot, member=member_record).is_eligible
    ms.member_suspend(member=member_record, reason="Rule 20: conduct", actor=None)
    with vf.refused("member", "Your membership is suspended."):
        vf.vote(ballot, member_record, question, "for", channel="online", actor=member)
    # Reinstated before the close, they may vote again.
    ms.member_reinstate(member=member_record, actor=None)
    vf.vote(ballot, member_record, question, "for", channel="online", actor=member)
    assert Participation.objects.get(ballot=ballot, member=member_record).has_voted


def test_a_member_of_a_class_the_ballot_leaves_out_may_not_vote(organisation, clerk):
    user_member = mf.member(organisation, cls="users")
    ballot = vf.ballot(
        organisation,
        allow_in_room=True,
        eligible_classes=[mf.member_class(organisation, "workers")],
    )
    question = vf.resolution(ballot)
    ballot = vf.open_ballot(ballot)
    with vf.refused("member", "Your member class does not vote in this ballot."):
        vf.vote(ballot, user_member, question, "for", actor=clerk)


def test_a_person_may_not_vote_online_for_someone_else(organisation, member, member_record):
    other = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("member", f"You cannot vote for member {other.number}."):
        vf.vote(ballot, other, question, "for", channel="online", actor=member)
    with vf.refused("member", f"You cannot vote for member {member_record.number}."):
        vf.vote(ballot, member_record, question, "for", channel="online", actor=None)


# --- Consortium: member organisations vote through their representative ------------------------


@pytest.fixture
def consortium(db):
    return mf.cooperative(slug="consortium", name="Cyd Consortium", kind="consortium")


def represented(consortium, name="Gofal Dyfi"):
    """A member co-op with a representative and an alternate, each with an account."""
    coop = vf.organisation_member(consortium, name)
    slug = name.lower().replace(" ", "")
    rep = make_user(f"rep@{slug}.example.org")
    alt = make_user(f"alt@{slug}.example.org")
    ms.representative_add(
        member=coop, name="Rhys Rep", started_on=dt.date(2023, 1, 1), user=rep, actor=None
    )
    ms.representative_add(
        member=coop,
        name="Alys Alt",
        started_on=dt.date(2023, 1, 1),
        role=Representative.Role.ALTERNATE,
        user=alt,
        actor=None,
    )
    return coop, rep, alt


def test_a_representative_votes_online_for_their_organisation_once(consortium):
    coop, rep, alt = represented(consortium)
    ballot, question = vf.resolution_ballot(consortium)
    mark = mf.last_event_id()
    code = vf.vote(ballot, coop, question, "for", channel="online", actor=rep)
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event,
        ballot=ballot,
        member=coop,
        channel="online",
        actor=rep,
        secrets=[code, SealedPaper.objects.get(ballot=ballot).pk],
    )
    # The alternate cannot vote for it again.
    with vf.refused("member", "already been recorded", f"member {coop.number}"):
        vf.vote(ballot, coop, question, "against", channel="online", actor=alt)


def test_an_alternate_may_vote_for_the_organisation(consortium):
    coop, _rep, alt = represented(consortium)
    ballot, question = vf.resolution_ballot(consortium)
    vf.vote(ballot, coop, question, "against", channel="online", actor=alt)
    participation = Participation.objects.get(ballot=ballot, member=coop)
    assert (participation.has_voted, participation.cast_by_id) == (True, alt.pk)


def test_only_the_organisations_own_representatives_may_vote_for_it(consortium):
    coop, _rep, _alt = represented(consortium, "Gofal Dyfi")
    _other, other_rep, _other_alt = represented(consortium, "Gofal Teifi")
    outsider = make_user("nobody@example.org")
    ballot, question = vf.resolution_ballot(consortium)
    for actor in (other_rep, outsider):
        with vf.refused("member", f"You cannot vote for member {coop.number}."):
            vf.vote(ballot, coop, question, "for", channel="online", actor=actor)


def test_a_representative_whose_term_ended_may_not_vote(consortium):
    coop, rep, _alt = represented(consortium)
    term = Representative.objects.get(member=coop, user=rep)
    ms.representative_end(representative=term, ended_on=dt.date(2024, 1, 31), actor=None)
    ballot, question = vf.resolution_ballot(consortium)
    with vf.refused("member", f"You cannot vote for member {coop.number}."):
        vf.vote(ballot, coop, question, "for", channel="online", actor=rep)


def test_whom_a_user_votes_for(consortium, django_assert_num_queries):
    from voting import selectors

    coop, rep, alt = represented(consortium, "Gofal Dyfi")
    other, _other_rep, other_alt = represented(consortium, "Gofal Teifi")
    # A person who is a member of the consortium and also represents Gofal Teifi.
    person = mf.member(consortium, user=other_alt)
    with django_assert_num_queries(1):
        assert selectors.members_user_may_vote_for(rep, consortium) == [coop]
    assert selectors.members_user_may_vote_for(alt, consortium) == [coop]
    assert selectors.members_user_may_vote_for(other_alt, consortium) == [person, other]
    term = Representative.objects.get(member=coop, user=rep)
    ms.representative_end(representative=term, ended_on=dt.date(2024, 1, 31), actor=None)
    assert selectors.members_user_may_vote_for(rep, consortium) == []
