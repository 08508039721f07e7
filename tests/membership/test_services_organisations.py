"""Organisations, versions of their rules, member classes and share classes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from membership import selectors, services
from membership.models import Organisation, RulesVersion
from tests.factories import membership as mf
from tests.factories.membership import events_since, last_event_id, refused

D = dt.date


def test_an_organisation_and_its_rules_are_recorded_with_audit_events(db):
    mark = last_event_id()
    org = services.organisation_create(
        slug="hafren",
        name="Hafren Home Care Co-operative",
        name_cy="Cydweithfa Gofal Cartref Hafren",
        registered_office="Broad Street\nNewtown\nSY16 2NA",
        registered_on=D(2017, 6, 1),
        registered_number="RS007654",
        actor=None,
    )
    rules = services.rules_version_create(
        organisation=org,
        effective_from=D(2017, 6, 1),
        title="Rules as registered 1 June 2017",
        quorum_members=5,
        quorum_percent=Decimal("5"),
        rule_numbers={"quorum_members": "31"},
        actor=None,
    )
    assert [e.action for e in events_since(mark)] == [
        "organisation.create",
        "rules_version.create",
    ]
    assert events_since(mark)[0].organisation_id == org.pk
    assert rules.cite("quorum_members") == "rule 31"
    assert rules.cite("proxies_allowed") == "Rules as registered 1 June 2017"
    assert sorted(rules.resolution_types.values_list("code", flat=True)) == [
        "ordinary",
        "rule_change",
        "s111_special",
        "special",
    ]


def test_the_rules_in_force_on_a_date(organisation):
    later = services.rules_version_create(
        organisation=organisation,
        effective_from=D(2022, 6, 1),
        title="Rules as amended 2022",
        proxies_allowed=True,
        actor=None,
    )
    assert selectors.rules_in_force_on(organisation, D(2022, 5, 31)).title == "Rules as registered"
    assert selectors.rules_in_force_on(organisation, D(2022, 6, 1)) == later
    assert selectors.rules_in_force_on(organisation, D(2015, 3, 1)) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"bogus_setting": 3}, "bogus_setting"),
        ({"rule_numbers": {"bogus": "1"}}, "rule_numbers"),
        ({"effective_from": D(2015, 3, 31)}, "effective_from"),
        ({"effective_from": D(2015, 4, 1)}, "effective_from"),  # already one that day
        ({"quorum_percent": Decimal("101")}, "quorum_percent"),
    ],
)
def test_bad_rules_versions_are_refused(organisation, overrides, field):
    fields = {
        "organisation": organisation,
        "effective_from": D(2023, 1, 1),
        "title": "Rules 2023",
        "actor": None,
    }
    fields.update(overrides)
    with refused(field):
        services.rules_version_create(**fields)
    assert RulesVersion.objects.filter(organisation=organisation).count() == 1


def test_share_class_terms_are_validated(organisation):
    for value in (0, -100, 1.5, True):
        with refused("nominal_value_pence"):
            services.share_class_create(
                organisation=organisation,
                code=f"bad{value}".replace(".", "").replace("-", ""),
                name="Bad",
                nominal_value_pence=value,
                actor=None,
            )
    with refused("__all__"):
        services.share_class_create(
            organisation=organisation,
            code="upside-down",
            name="Upside down",
            nominal_value_pence=100,
            minimum_shares=10,
            maximum_shares=5,
            actor=None,
        )
    with refused("__all__"):
        services.share_class_create(
            organisation=organisation,
            code="membership",
            name="Duplicate code",
            nominal_value_pence=100,
            actor=None,
        )


def test_fixed_shares_of_the_vote_cannot_pass_100_percent(organisation):
    # The factory gives users and workers 40% each.
    with refused("vote_share_percent", "120"):
        services.member_class_create(
            organisation=organisation,
            code="investors",
            name="Investors",
            vote_share_percent=Decimal("40"),
            actor=None,
        )
    services.member_class_create(
        organisation=organisation,
        code="investors",
        name="Investors",
        vote_share_percent=Decimal("20"),
        actor=None,
    )


def test_member_classes_hold_only_their_own_organisations_share_classes(
    organisation, other_organisation
):
    with refused("share_classes"):
        services.member_class_create(
            organisation=organisation,
            code="mixed",
            name="Mixed",
            share_classes=[mf.share_class(other_organisation)],
            actor=None,
        )


def test_the_board_suspends_and_resumes_withdrawals_with_a_reason(organisation, board_member):
    investor = mf.share_class(organisation, "investor")
    with refused("reason"):
        services.share_class_set_withdrawals_suspended(
            share_class=investor, suspended=True, actor=board_member
        )
    mark = last_event_id()
    services.share_class_set_withdrawals_suspended(
        share_class=investor, suspended=True, reason="Cash flow", actor=board_member
    )
    services.share_class_set_withdrawals_suspended(
        share_class=investor, suspended=False, actor=board_member
    )
    events = events_since(mark)
    assert [(e.action, e.after) for e in events] == [
        (
            "share_class.suspend_withdrawals",
            {"withdrawals_suspended": True, "withdrawals_suspended_reason": "Cash flow"},
        ),
        (
            "share_class.resume_withdrawals",
            {"withdrawals_suspended": False, "withdrawals_suspended_reason": ""},
        ),
    ]
    investor.refresh_from_db()
    assert investor.withdrawals_suspended is False


def test_a_consortium_and_a_duplicate_slug(db):
    consortium = mf.cooperative(
        slug="canolbarth", name="Mid Wales Care Consortium", kind=Organisation.Kind.CONSORTIUM
    )
    assert consortium.is_consortium
    assert list(Organisation.objects.consortia()) == [consortium]
    with refused("slug"):
        services.organisation_create(
            slug="canolbarth",
            name="Another",
            registered_office="x",
            registered_on=D(2020, 1, 1),
            actor=None,
        )
