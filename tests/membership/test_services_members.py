"""Members on the register: numbers never reused, dates, age, statutory and optional fields,
suspension and ceasing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coop.core.models import User
from coop.core.permissions import Role, has_role
from membership import services
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories.membership import actions_since, events_since, last_event_id, refused

D = dt.date


def _register(org: Organisation, **overrides) -> Member:
    fields = {
        "organisation": org,
        "name": "Gwenllian Owen",
        "member_class": mf.member_class(org),
        "entered_on": D(2021, 4, 1),
        "postal_address": "3 Stryd Maengwyn\nMachynlleth",
        "postcode": "sy20 8ea",
        "email": "Gwen@Example.org",
        "email_for_notices": True,
        "actor": None,
    }
    fields.update(overrides)
    return services.member_register(**fields)


def _counter(org: Organisation) -> int:
    return Organisation.objects.get(pk=org.pk).next_member_number


# --- Numbers -------------------------------------------------------------------------------


def test_registration_enters_the_member_with_the_next_number_and_one_audit_event(
    organisation, secretary
):
    mark = last_event_id()
    m = _register(organisation, actor=secretary)
    assert (m.number, m.status, m.postcode, m.email) == (
        1,
        Member.Status.ACTIVE,
        "SY20 8EA",
        "gwen@example.org",
    )
    assert _counter(organisation) == 2
    [event] = events_since(mark)
    assert (event.action, event.actor, event.object_id, event.before) == (
        "member.register",
        secretary,
        str(m.pk),
        None,
    )
    assert event.after["number"] == 1
    assert event.after["name"] == "Gwenllian Owen"
    assert event.after["entered_on"] == "2021-04-01"


def test_member_numbers_only_go_up_even_with_explicit_numbers(organisation):
    assert _register(organisation).number == 1
    assert _register(organisation, number=50).number == 50
    assert _counter(organisation) == 51
    assert _register(organisation).number == 51
    # An unused lower number (kept from a paper register) does not move the counter down.
    assert _register(organisation, number=7).number == 7
    assert _counter(organisation) == 52
    assert _register(organisation).number == 52


def test_a_duplicate_member_number_is_refused(organisation):
    _register(organisation, number=12)
    with refused("number", "12 is already used", "never reused"):
        _register(organisation, number=12, name="Someone Else")


@pytest.mark.parametrize("number", [0, -4, True, 2.5, "7"])
def test_a_member_number_must_be_a_positive_whole_number(organisation, number):
    with refused("number", "whole number"):
        _register(organisation, number=number)


def test_the_number_of_a_former_member_is_never_given_again(organisation):
    leaver = mf.member(organisation)
    services.shares_cancel(
        member=leaver,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=D(2021, 1, 1),
        reason="Leaving",
        actor=None,
    )
    services.member_cease(
        member=leaver, ceased_on=D(2021, 1, 1), reason=Member.CeasedReason.WITHDRAWAL, actor=None
    )
    with refused("number", "never reused"):
        _register(organisation, number=leaver.number)
    assert _register(organisation).number == leaver.number + 1


def test_numbers_are_counted_per_organisation(organisation, other_organisation):
    assert _register(organisation).number == 1
    assert _register(other_organisation).number == 1


# --- Bad input on entry ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"name": "  "}, "name", "name"),
        ({"postal_address": ""}, "postal_address", "s.30"),
        ({"entered_on": D(2015, 3, 31)}, "entered_on", "before Dyfi Care Co-operative"),
        ({"email": "", "email_for_ballots": True}, "email", "purposes"),
        ({"date_of_birth": D(2006, 4, 2)}, "date_of_birth", "at least 16 years old (rule 7)"),
        ({"is_registered_society": True}, "is_registered_society", "s.24"),
        ({"email": "not-an-email"}, "email", "email"),
        ({"preferred_language": "fr"}, "preferred_language", "fr"),
    ],
)
def test_registration_refuses_bad_input_naming_the_field(organisation, overrides, field, fragment):
    with refused(field, fragment):
        _register(organisation, **overrides)
    assert _counter(organisation) == 1


def test_registration_dated_in_the_future_is_refused(organisation):
    with refused("entered_on", "future"):
        _register(organisation, entered_on=timezone.localdate() + dt.timedelta(days=1))


def test_a_member_of_exactly_the_minimum_age_may_join(organisation):
    m = _register(organisation, date_of_birth=D(2005, 4, 1))
    assert m.age_on(D(2021, 4, 1)) == 16


def test_a_class_of_another_organisation_or_of_organisations_is_refused(
    organisation, other_organisation
):
    with refused("member_class", "Dyfi Care Co-operative"):
        _register(organisation, member_class=mf.member_class(other_organisation))
    services.member_class_create(
        organisation=organisation,
        code="coops",
        name="Member co-operatives",
        members_are_organisations=True,
        actor=None,
    )
    with refused("member_class", "organisations"):
        _register(organisation, member_class=mf.member_class(organisation, "coops"))


def test_registration_with_a_sign_in_account_grants_the_member_role(organisation, applicant):
    mark = last_event_id()
    m = _register(organisation, user=applicant)
    assert actions_since(mark) == ["member.register", "role.grant"]
    assert has_role(applicant, organisation, Role.MEMBER)
    with refused("user", "already linked"):
        _register(organisation, user=applicant, name="Twin")
    assert m.user == applicant


# --- Updates and erasure -------------------------------------------------------------------


def test_update_of_contact_details_records_before_and_after(organisation, member_record):
    old_address = member_record.postal_address
    mark = last_event_id()
    services.member_update(
        member=member_record,
        changes={"postal_address": "5 Heol Penrallt\nMachynlleth", "phone": "01654 702000"},
        actor=None,
    )
    [event] = events_since(mark)
    assert event.action == "member.update"
    assert event.before == {"postal_address": old_address, "phone": ""}
    assert event.after == {
        "postal_address": "5 Heol Penrallt\nMachynlleth",
        "phone": "01654 702000",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": 99}, "number"),
        ({"entered_on": D(2019, 1, 1)}, "entered_on"),
        ({"postal_address": " "}, "postal_address"),
        ({"name": ""}, "name"),
    ],
)
def test_update_refuses_fields_it_may_not_change_or_empty(
    organisation, member_record, changes, field
):
    with refused(field):
        services.member_update(member=member_record, changes=changes, actor=None)
    member_record.refresh_from_db()
    assert member_record.name == "Meinir Member"


def test_moving_class_is_refused_while_holding_shares_the_new_class_may_not_hold(organisation):
    services.member_class_create(
        organisation=organisation,
        code="staff",
        name="Staff",
        share_classes=[mf.share_class(organisation)],
        actor=None,
    )
    m = mf.member(organisation, investor_shares=5)
    with refused("member_class", "Investor shares", "rules on member classes"):
        services.member_update(
            member=m, changes={"member_class": mf.member_class(organisation, "staff")}, actor=None
        )
    plain = mf.member(organisation)
    services.member_update(
        member=plain, changes={"member_class": mf.member_class(organisation, "staff")}, actor=None
    )
    plain.refresh_from_db()
    assert plain.member_class.code == "staff"


def test_erasure_of_optional_fields_keeps_which_were_erased_not_their_values(organisation):
    m = _register(organisation, phone="07700 900123", date_of_birth=D(1970, 5, 5))
    mark = last_event_id()
    services.member_erase_optional(member=m, fields=["phone", "date_of_birth"], actor=None)
    m.refresh_from_db()
    assert (m.phone, m.date_of_birth) == ("", None)
    [event] = events_since(mark)
    assert event.action == "member.erase_optional"
    assert event.before == {"phone": "(erased)", "date_of_birth": "(erased)"}
    assert "07700" not in str(event.after)


@pytest.mark.parametrize("field", Member.STATUTORY_FIELDS)
def test_erasure_of_a_statutory_field_is_refused_naming_it(organisation, field):
    m = _register(organisation)
    with refused(field, "statutory register", "CCBS Act 2014 s.30"):
        services.member_erase_optional(member=m, fields=["phone", field], actor=None)
    m.refresh_from_db()
    assert m.postal_address == "3 Stryd Maengwyn\nMachynlleth"


def test_erasure_of_an_unknown_or_no_field_is_refused(organisation):
    m = _register(organisation)
    with refused("member_class", "cannot be erased"):
        services.member_erase_optional(member=m, fields=["member_class"], actor=None)
    with refused("fields"):
        services.member_erase_optional(member=m, fields=[], actor=None)


# --- Suspension and ceasing ----------------------------------------------------------------


def test_suspend_and_reinstate(organisation, member_record):
    mark = last_event_id()
    services.member_suspend(member=member_record, reason="Conduct, rule 11", actor=None)
    services.member_reinstate(member=member_record, actor=None)
    events = events_since(mark)
    assert [(e.action, e.before["status"], e.after["status"]) for e in events] == [
        ("member.suspend", "active", "suspended"),
        ("member.reinstate", "suspended", "active"),
    ]
    with refused("status"):
        services.member_reinstate(member=member_record, actor=None)
    with refused("reason"):
        services.member_suspend(member=member_record, reason="", actor=None)


def test_a_member_holding_shares_cannot_cease(organisation, member_record):
    with refused("ceased_on", "still holds 1 shares"):
        services.member_cease(
            member=member_record,
            ceased_on=D(2022, 1, 1),
            reason=Member.CeasedReason.WITHDRAWAL,
            actor=None,
        )
    member_record.refresh_from_db()
    assert member_record.status == Member.Status.ACTIVE


def test_ceasing_stays_on_the_register_with_the_date_and_takes_the_member_role(
    organisation, member_record, member
):
    services.shares_cancel(
        member=member_record,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=D(2022, 1, 1),
        reason="Leaving",
        actor=None,
    )
    with refused("ceased_on", "up to 1 Jan 2022"):
        services.member_cease(
            member=member_record,
            ceased_on=D(2021, 12, 31),
            reason=Member.CeasedReason.WITHDRAWAL,
            actor=None,
        )
    with refused("ceased_reason"):
        services.member_cease(
            member=member_record, ceased_on=D(2022, 1, 1), reason="bored", actor=None
        )
    mark = last_event_id()
    services.member_cease(
        member=member_record,
        ceased_on=D(2022, 1, 1),
        reason=Member.CeasedReason.WITHDRAWAL,
        note="Moved away",
        actor=None,
    )
    member_record.refresh_from_db()
    assert (member_record.status, member_record.ceased_on, member_record.ceased_note) == (
        Member.Status.CEASED,
        D(2022, 1, 1),
        "Moved away",
    )
    events = events_since(mark)
    assert [e.action for e in events] == ["member.cease", "role.revoke"]
    assert events[0].before == {
        "status": "active",
        "ceased_on": None,
        "ceased_reason": "",
        "suspended_reason": "",
    }
    assert events[0].after["ceased_on"] == "2022-01-01"
    assert not has_role(member, organisation, Role.MEMBER)
    with refused("member", "ceased"):
        services.member_cease(
            member=member_record,
            ceased_on=D(2022, 1, 2),
            reason=Member.CeasedReason.OTHER,
            actor=None,
        )


def test_death_ends_membership_with_shares_still_held(organisation, member_record):
    services.member_cease(
        member=member_record,
        ceased_on=D(2022, 1, 1),
        reason=Member.CeasedReason.DEATH,
        actor=None,
    )
    member_record.refresh_from_db()
    assert member_record.ceased_reason == Member.CeasedReason.DEATH


def test_linking_a_sign_in_account(organisation):
    m = mf.member(organisation)
    user = User.objects.create_user(email="link@example.org", password="x", full_name="Link")
    mark = last_event_id()
    services.member_link_user(member=m, user=user, actor=None)
    assert actions_since(mark) == ["member.link_user", "role.grant"]
    other = mf.member(organisation)
    with refused("user", "already linked"):
        services.member_link_user(member=other, user=user, actor=None)


def test_joint_holders_have_one_designated_voter(organisation, member_record):
    first = services.joint_holder_add(
        member=member_record, name="Aled Member", is_designated_voter=True, actor=None
    )
    second = services.joint_holder_add(
        member=member_record, name="Bethan Member", is_designated_voter=True, actor=None
    )
    first.refresh_from_db()
    assert (first.is_designated_voter, second.is_designated_voter) == (False, True)
    with refused("name"):
        services.joint_holder_add(member=member_record, name=" ", actor=None)
