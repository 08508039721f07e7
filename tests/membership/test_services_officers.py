"""The register of officers (kept as history), representatives of member organisations, and
the book of nominations (CCBS Act 2014 s.37)."""

from __future__ import annotations

import datetime as dt

import pytest

from membership import selectors, services
from membership.models import Member, Nomination, Officer, Representative
from tests.factories import membership as mf
from tests.factories.membership import actions_since, events_since, last_event_id, refused

D = dt.date


# --- Officers ------------------------------------------------------------------------------


def _appoint(org, **overrides) -> Officer:
    fields = {
        "organisation": org,
        "name": "Rhian Evans",
        "office": Officer.Office.CHAIR,
        "appointed_on": D(2019, 9, 20),
        "actor": None,
    }
    fields.update(overrides)
    return services.officer_appoint(**fields)


def test_terms_of_office_are_kept_as_history(organisation):
    chair_until_2022 = _appoint(organisation, term_ends_on=D(2022, 9, 20))
    mark = last_event_id()
    services.officer_end(
        officer=chair_until_2022, ended_on=D(2022, 9, 20), reason="Term ended", actor=None
    )
    [event] = events_since(mark)
    assert (event.action, event.before, event.after) == (
        "officer.end",
        {"ended_on": None, "end_reason": ""},
        {"ended_on": "2022-09-20", "end_reason": "Term ended"},
    )
    new_chair = _appoint(organisation, name="Dafydd Hughes", appointed_on=D(2022, 9, 20))
    assert list(selectors.officers_current(organisation, D(2021, 1, 1))) == [chair_until_2022]
    assert list(selectors.officers_current(organisation, D(2022, 9, 20))) == [new_chair]
    assert list(selectors.officers_current(organisation)) == [new_chair]
    assert Officer.objects.filter(organisation=organisation).count() == 2


def test_an_officer_appointment_is_audited(organisation):
    mark = last_event_id()
    officer = _appoint(organisation, office=Officer.Office.SECRETARY)
    [event] = events_since(mark)
    assert (event.action, event.object_id, event.after["office"], event.after["name"]) == (
        "officer.appoint",
        str(officer.pk),
        "secretary",
        "Rhian Evans",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"office": "king"}, "office"),
        ({"name": " "}, "name"),
        ({"appointed_on": D(2015, 1, 1)}, "appointed_on"),
        ({"term_ends_on": D(2019, 1, 1)}, "term_ends_on"),
    ],
)
def test_bad_appointments_are_refused(organisation, overrides, field):
    with refused(field):
        _appoint(organisation, **overrides)


def test_a_seat_reserved_for_a_class_is_filled_from_that_class(organisation, other_organisation):
    worker = mf.member(organisation, cls="workers")
    with refused("member_class", "reserved for Service users and carers"):
        _appoint(
            organisation,
            office=Officer.Office.DIRECTOR,
            member=worker,
            member_class=mf.member_class(organisation, "users"),
            appointed_on=D(2021, 9, 20),
        )
    with refused("member_class"):
        _appoint(organisation, member_class=mf.member_class(other_organisation))
    director = _appoint(
        organisation, office=Officer.Office.DIRECTOR, member=worker, appointed_on=D(2021, 9, 20)
    )
    assert director.member_class == worker.member_class


def test_an_officer_term_ends_once_and_not_before_it_began(organisation):
    officer = _appoint(organisation)
    with refused("ended_on", "20 Sep 2019"):
        services.officer_end(officer=officer, ended_on=D(2019, 9, 19), actor=None)
    services.officer_end(officer=officer, ended_on=D(2020, 1, 1), actor=None)
    with refused("ended_on", "already ended"):
        services.officer_end(officer=officer, ended_on=D(2020, 2, 1), actor=None)


def test_a_member_cannot_take_office_before_they_joined(organisation):
    m = mf.member(organisation, entered_on=D(2020, 1, 6))
    with refused("appointed_on", "before the member entered the register"):
        _appoint(organisation, member=m, appointed_on=D(2019, 9, 20))


def test_a_ceased_member_cannot_take_office(organisation):
    m = mf.member(organisation)
    services.member_cease(
        member=m, ceased_on=D(2021, 1, 1), reason=Member.CeasedReason.DEATH, actor=None
    )
    with refused("member", "ceased"):
        _appoint(organisation, member=m)


# --- Representatives -----------------------------------------------------------------------


@pytest.fixture
def member_coop(organisation) -> Member:
    return services.member_register(
        organisation=organisation,
        name="Cartrefi Cwm Elan Cyf",
        kind=Member.Kind.ORGANISATION,
        is_registered_society=True,
        member_class=mf.member_class(organisation, "supporters"),
        entered_on=D(2019, 1, 1),
        postal_address="Stryd y Dwyrain\nRhaeadr Gwy",
        actor=None,
    )


def test_a_new_representative_ends_the_previous_ones_term(member_coop, applicant):
    first = services.representative_add(
        member=member_coop, name="Nia Price", started_on=D(2019, 1, 1), actor=None
    )
    mark = last_event_id()
    second = services.representative_add(
        member=member_coop, name="Owain Lloyd", started_on=D(2023, 5, 1), user=applicant, actor=None
    )
    first.refresh_from_db()
    assert first.ended_on == D(2023, 5, 1)
    assert second.ended_on is None
    assert actions_since(mark) == ["representative.end", "representative.add", "role.grant"]
    alternate = services.representative_add(
        member=member_coop,
        name="Sioned Bowen",
        role=Representative.Role.ALTERNATE,
        started_on=D(2023, 5, 1),
        actor=None,
    )
    assert set(member_coop.representatives.filter(ended_on__isnull=True)) == {second, alternate}


def test_only_member_organisations_have_representatives(organisation, member_record):
    with refused("member", "organisation"):
        services.representative_add(
            member=member_record, name="Someone", started_on=D(2021, 1, 1), actor=None
        )


def test_a_representative_stands_down_once(member_coop):
    rep = services.representative_add(
        member=member_coop, name="Nia Price", started_on=D(2019, 1, 1), actor=None
    )
    with refused("ended_on", "before the start"):
        services.representative_end(representative=rep, ended_on=D(2018, 1, 1), actor=None)
    services.representative_end(representative=rep, ended_on=D(2020, 1, 1), actor=None)
    with refused("ended_on", "already"):
        services.representative_end(representative=rep, ended_on=D(2020, 1, 2), actor=None)


# --- Nominations (s.37) --------------------------------------------------------------------


def _nominate(m, **overrides) -> Nomination:
    fields = {
        "member": m,
        "nominee_name": "Catrin Davies",
        "nominee_address": "Pen-y-bont\nTywyn",
        "relationship": Nomination.Relationship.CHILD,
        "received_on": D(2021, 3, 1),
        "actor": None,
    }
    fields.update(overrides)
    return services.nomination_record(**fields)


def test_a_nomination_is_entered_in_the_book(organisation, member_record):
    mark = last_event_id()
    nomination = _nominate(member_record)
    assert nomination.maximum_pence == 500_000
    [event] = events_since(mark)
    assert (event.action, event.after["nominee_name"], event.after["maximum_pence"]) == (
        "nomination.record",
        "Catrin Davies",
        500_000,
    )


@pytest.mark.parametrize("maximum", [500_001, 0, -1, 2.5, True])
def test_a_nomination_covers_at_most_5000_pounds(organisation, member_record, maximum):
    fragment = "£5,000.00" if maximum == 500_001 else "whole pence"
    with refused("maximum_pence", fragment):
        _nominate(member_record, maximum_pence=maximum)


def test_nominations_in_force_cover_at_most_5000_pounds_between_them(organisation, member_record):
    first = _nominate(member_record, maximum_pence=300_000)
    with refused("maximum_pence", "£3,000.00", "£5,000.00", "CCBS Act 2014 s.37", "£2,000.00"):
        _nominate(member_record, nominee_name="Iwan Davies", maximum_pence=200_001)
    _nominate(member_record, nominee_name="Iwan Davies", maximum_pence=200_000)
    services.nomination_revoke(nomination=first, revoked_on=D(2022, 1, 1), actor=None)
    _nominate(member_record, nominee_name="Mari Davies", maximum_pence=300_000)


def test_nominating_an_officer_or_employee_needs_close_family(organisation, member_record):
    with refused("nominee_is_officer_or_employee", "void", "CCBS Act 2014 s.37"):
        _nominate(
            member_record,
            relationship=Nomination.Relationship.OTHER,
            nominee_is_officer_or_employee=True,
        )
    _nominate(
        member_record,
        relationship=Nomination.Relationship.SIBLING,
        nominee_is_officer_or_employee=True,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nominee_name": ""}, "nominee_name"),
        ({"nominee_address": " "}, "nominee_address"),
        ({"relationship": "friend"}, "relationship"),
        ({"received_on": D(2019, 12, 1)}, "received_on"),
    ],
)
def test_bad_nominations_are_refused(organisation, member_record, overrides, field):
    with refused(field):
        _nominate(member_record, **overrides)


def test_an_organisation_cannot_nominate(member_coop):
    with refused("member", "s.37"):
        _nominate(member_coop)


def test_a_nomination_is_revoked_once(organisation, member_record):
    nomination = _nominate(member_record)
    with refused("revoked_on", "before it was received"):
        services.nomination_revoke(nomination=nomination, revoked_on=D(2021, 2, 1), actor=None)
    mark = last_event_id()
    services.nomination_revoke(nomination=nomination, revoked_on=D(2021, 4, 1), actor=None)
    [event] = events_since(mark)
    assert (event.before, event.after) == ({"revoked_on": None}, {"revoked_on": "2021-04-01"})
    with refused("revoked_on", "already"):
        services.nomination_revoke(nomination=nomination, revoked_on=D(2021, 5, 1), actor=None)
