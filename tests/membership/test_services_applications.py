"""Applications to join: the public join page and the board's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from membership import services
from membership.models import Application, Member, ShareTransaction
from tests.factories import membership as mf
from tests.factories.membership import actions_since, events_since, holding, last_event_id, refused

D = dt.date


def _apply(org, **overrides) -> Application:
    fields = {
        "organisation": org,
        "name": "Elen Jones",
        "email": "Elen@example.org",
        "postal_address": "Tŷ Coch\nDerwenlas",
        "postcode": "sy20 8tn",
        "member_class": mf.member_class(org, "workers"),
        "share_class": mf.share_class(org),
        "shares_requested": 1,
        "declaration": True,
        "amount_paid_pence": 100,
        "preferred_language": "cy",
    }
    fields.update(overrides)
    return services.application_submit(**fields)


def test_an_application_is_recorded_and_audited(organisation):
    mark = last_event_id()
    application = _apply(organisation)
    assert (application.status, application.email, application.postcode) == (
        Application.Status.SUBMITTED,
        "elen@example.org",
        "SY20 8TN",
    )
    [event] = events_since(mark)
    assert event.action == "application.submit"
    assert event.actor is None
    assert event.after == {
        "name": "Elen Jones",
        "email": "elen@example.org",
        "member_class": mf.member_class(organisation, "workers").pk,
        "shares_requested": 1,
    }


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"declaration": False}, "declaration", "declaration"),
        ({"shares_requested": 0}, "shares_requested", "at least 1"),
        ({"shares_requested": 1.5}, "shares_requested", "at least 1"),
        ({"shares_requested": 2}, "shares_requested", "at most 1"),
        ({"amount_paid_pence": 101}, "amount_paid_pence", "£1.00"),
        ({"amount_paid_pence": -1}, "amount_paid_pence", "whole pence"),
        ({"date_of_birth": D(2015, 1, 1)}, "date_of_birth", "rule 7"),
        ({"email": "nope"}, "email", "email"),
        ({"postal_address": ""}, "postal_address", ""),
    ],
)
def test_bad_applications_are_refused_naming_the_field(organisation, overrides, field, fragment):
    with refused(field, fragment):
        _apply(organisation, **overrides)


def test_only_the_qualifying_share_class_of_the_organisation(organisation, other_organisation):
    with refused("share_class", "gives membership"):
        _apply(organisation, share_class=mf.share_class(organisation, "investor"))
    with refused("share_class", "gives membership"):
        _apply(organisation, share_class=mf.share_class(other_organisation))
    with refused("member_class"):
        _apply(organisation, member_class=mf.member_class(other_organisation))


def test_no_applications_while_the_organisation_is_not_taking_them(organisation):
    organisation.is_accepting_applications = False
    organisation.save()
    with refused("__all__", "not taking applications"):
        _apply(organisation)


def test_admission_enters_the_member_and_allots_the_minimum_holding(organisation, board_member):
    application = _apply(organisation)
    mark = last_event_id()
    m = services.member_admit(
        application=application,
        decided_on=D(2024, 2, 1),
        board_minute_reference="BM 2024/3",
        actor=board_member,
    )
    assert (m.name, m.number, m.entered_on, m.member_class.code, m.preferred_language) == (
        "Elen Jones",
        1,
        D(2024, 2, 1),
        "workers",
        "cy",
    )
    assert holding(m) == (1, 100)
    assert list(
        ShareTransaction.objects.filter(member=m).values_list("kind", "shares", "paid_pence")
    ) == [("allotment", 1, 0), ("payment", 0, 100)]
    application.refresh_from_db()
    assert (application.status, application.member, application.decided_by) == (
        Application.Status.APPROVED,
        m,
        board_member,
    )
    assert actions_since(mark) == ["member.register", "ledger.allotment", "application.approve"]
    assert events_since(mark)[-1].after == {"status": "approved", "member": 1}


def test_admission_tops_up_to_the_minimum_holding_of_the_rules_in_force(db):
    org = mf.cooperative(slug="min-three", membership_maximum=None)
    application = _apply(org, shares_requested=1, amount_paid_pence=100)
    services.rules_version_create(
        organisation=org,
        effective_from=D(2023, 1, 1),
        title="Rules 2023",
        minimum_shares=3,
        actor=None,
    )
    m = services.member_admit(application=application, decided_on=D(2024, 1, 10), actor=None)
    assert holding(m) == (3, 100)


def test_an_application_is_decided_once(organisation):
    application = _apply(organisation)
    services.member_admit(application=application, decided_on=D(2024, 2, 1), actor=None)
    with refused("status", "already been decided", "Approved"):
        services.member_admit(application=application, decided_on=D(2024, 2, 2), actor=None)
    with refused("status", "already been decided"):
        services.application_reject(application=application, reason="Changed mind", actor=None)
    assert Member.objects.count() == 1


def test_rejection_needs_the_boards_reason_and_is_final(organisation):
    application = _apply(organisation)
    with refused("reason"):
        services.application_reject(application=application, reason=" ", actor=None)
    mark = last_event_id()
    services.application_reject(
        application=application, reason="Lives outside the area of benefit", actor=None
    )
    [event] = events_since(mark)
    assert (event.action, event.after, event.reason) == (
        "application.reject",
        {"status": "rejected"},
        "Lives outside the area of benefit",
    )
    with refused("status", "Not approved"):
        services.member_admit(application=application, decided_on=D(2024, 2, 1), actor=None)


def test_admission_dated_before_the_organisation_existed_is_refused(organisation):
    application = _apply(organisation)
    with refused("decided_on", "before Dyfi Care Co-operative was registered"):
        services.member_admit(application=application, decided_on=D(2015, 1, 1), actor=None)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
