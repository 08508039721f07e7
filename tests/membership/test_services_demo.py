"""`load_demo` builds a valid, deterministic demo through the services, and is idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role, has_role
from coop.demo.membership import PASSWORD, demo_users
from membership import selectors
from membership.models import (
    Application,
    Member,
    Officer,
    Organisation,
    Representative,
    ShareTransaction,
    Withdrawal,
)


def _snapshot() -> dict[str, object]:
    return {
        "organisations": sorted(Organisation.objects.values_list("slug", flat=True)),
        "members": dict(
            Member.objects.values_list("organisation__slug").annotate(n=Count("id")).order_by()
        ),
        "ledger": ShareTransaction.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEvent.objects.exclude(action="role.grant").count(),
    }


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module (it takes a while), then load it again; everything
    is rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = io.StringIO()
        call_command("load_demo", stdout=first)
        before = _snapshot()
        second = io.StringIO()
        call_command("load_demo", stdout=second)
        after = _snapshot()
        yield first.getvalue(), second.getvalue(), before, after
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_second_run_adds_nothing(demo_output):
    first, second, before, after = demo_output
    assert "Gofal Dyfi Care: 245 members with their share ledger." in first
    assert second.count("already loaded, left as it is.") == 4
    assert after == before
    assert before["members"] == {
        "gofal-dyfi": 245,
        "cwm-elan": 300,
        "hafren": 215,
        "canolbarth": 3,
    }


@pytest.mark.django_db
def test_the_demo_is_a_consortium_of_three_coops_with_representatives(demo_output):
    consortium = Organisation.objects.get(slug="canolbarth")
    assert consortium.kind == Organisation.Kind.CONSORTIUM
    assert consortium.name_cy == "Cydweithfa Gofal Canolbarth Cymru"
    members = Member.objects.filter(organisation=consortium).order_by("number")
    assert [(m.name, m.kind, m.is_registered_society) for m in members] == [
        ("Gofal Dyfi Care", "organisation", True),
        ("Cartrefi Cwm Elan", "organisation", True),
        ("Hafren Home Care Co-operative", "organisation", True),
    ]
    for member in members:
        current = Representative.objects.filter(member=member, ended_on__isnull=True)
        assert sorted(current.values_list("role", flat=True)) == ["alternate", "primary"]
        assert Representative.objects.filter(member=member, ended_on__isnull=False).count() == 1


@pytest.mark.django_db
def test_every_holding_in_the_demo_is_within_its_limits(demo_output):
    rows = (
        ShareTransaction.objects.values(
            "member_id", "share_class__code", "share_class__maximum_shares"
        )
        .annotate(shares=Sum("shares"), paid=Sum("paid_pence"))
        .order_by()
    )
    assert rows
    for row in rows:
        assert row["shares"] >= 0
        assert row["paid"] >= 0
        if row["share_class__maximum_shares"] is not None:
            assert row["shares"] <= row["share_class__maximum_shares"]
    assert (
        not Member.objects.filter(status=Member.Status.CEASED)
        .filter(pk__in=[r["member_id"] for r in rows if r["shares"] > 0])
        .exclude(ceased_reason=Member.CeasedReason.DEATH)
        .exists()
    )


@pytest.mark.django_db
def test_the_demo_s_current_holdings_equal_its_ledger(demo_output):
    """The demo writes its ledger through the services, which keep the current holdings."""
    assert ShareTransaction.objects.exists()
    assert selectors.holdings_mismatches() == []


@pytest.mark.django_db
def test_the_demo_has_years_of_history_and_work_waiting(demo_output):
    elan = Organisation.objects.get(slug="cwm-elan")
    kinds = set(ShareTransaction.objects.filter(organisation=elan).values_list("kind", flat=True))
    assert kinds == {
        "allotment",
        "payment",
        "transfer_out",
        "transfer_in",
        "withdrawal",
        "cancellation",
        "interest",
        "correction",
    }
    assert set(Withdrawal.objects.filter(organisation=elan).values_list("status", flat=True)) == {
        "requested",
        "approved",
        "refused",
        "paid",
    }
    assert elan.rules_versions.count() == 2
    assert elan.rules_versions.order_by("-effective_from").first().proxies_allowed is True
    for org in Organisation.objects.cooperatives():
        assert selectors.applications_waiting(org).count() == 3
        assert Application.objects.filter(organisation=org, status="approved").count() == 2
        assert Member.objects.filter(organisation=org, status="ceased").count() >= 3
        assert set(org.members.values_list("member_class__code", flat=True)) >= {
            "users",
            "workers",
            "supporters",
        }
        assert Officer.objects.filter(organisation=org, ended_on__isnull=False).count() >= 2
        assert org.nominations.count() >= 10
        assert ShareTransaction.objects.filter(organisation=org, kind="correction").exists()
        years = {d.year for d in org.share_transactions.values_list("effective_on", flat=True)}
        assert len(years) >= 6


@pytest.mark.django_db
def test_demo_users_have_their_roles_and_the_documented_password(demo_output):
    users = {spec.key: User.objects.get(email=spec.email) for spec in demo_users()}
    assert all(user.check_password(PASSWORD) for user in users.values())
    dyfi = Organisation.objects.get(slug="gofal-dyfi")
    canolbarth = Organisation.objects.get(slug="canolbarth")
    assert has_role(users["secretary.dyfi"], dyfi, Role.SECRETARY)
    assert has_role(users["board.dyfi"], dyfi, Role.BOARD_MEMBER)
    assert has_role(users["scrutineer.dyfi"], dyfi, Role.SCRUTINEER)
    assert has_role(users["member1.dyfi"], dyfi, Role.MEMBER)
    assert has_role(users["member2.dyfi"], dyfi, Role.MEMBER)
    assert users["member2.dyfi"].preferred_language == "cy"
    assert has_role(users["bids"], canolbarth, Role.BID_MANAGER)
    assert has_role(users["secretary.dyfi"], canolbarth, Role.MEMBER)  # its representative
    assert not has_role(users["member1.dyfi"], canolbarth)


@pytest.mark.django_db
def test_demo_logins_prints_every_account_with_its_roles(demo_output):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    for spec in demo_users():
        line = next(line for line in text.splitlines() if line.startswith(spec.email + " "))
        assert PASSWORD in line
    assert "bids@cyd.example" in text
    assert "Mid Wales Care Consortium: Bid manager" in text
    assert "Gofal Dyfi Care: Secretary; Mid Wales Care Consortium: Member" in text
