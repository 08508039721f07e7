"""Fixtures of the membership API tests: an API client, URL building, and a small world of
objects (a withdrawal, an application, an officer, a nomination, an export) to aim at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from coop.core.models import AuditEvent, User
from membership import services
from membership.models import (
    Application,
    ImportBatch,
    Member,
    MemberClass,
    Nomination,
    Officer,
    Organisation,
    RegisterExport,
    Representative,
    RulesVersion,
    ShareCertificate,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)
from membership.services.imports import import_preview
from tests.factories import membership as mf

SLUG = "dyfi-care"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def url(name: str, slug: str = SLUG, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"slug": slug, **kwargs})


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def counts() -> dict[str, int]:
    """Row counts of everything an endpoint could write (to assert nothing was written)."""
    models = (
        AuditEvent,
        Application,
        ImportBatch,
        Member,
        MemberClass,
        Nomination,
        Officer,
        RegisterExport,
        Representative,
        RulesVersion,
        ShareCertificate,
        ShareClass,
        ShareTransaction,
        Withdrawal,
    )
    return {model.__name__: model.objects.count() for model in models}


@dataclass
class World:
    organisation: Organisation
    member: Member  # the `member` persona's record
    investor: Member  # holds 100 investor shares
    withdrawal: Withdrawal
    application: Application
    allotment: ShareTransaction
    officer: Officer
    nomination: Nomination
    export: RegisterExport
    member_organisation: Member  # a member that is an organisation, with a representative
    representative: Representative
    certificate: ShareCertificate  # of the `member` persona's membership share
    import_batch: ImportBatch  # an uploaded register import with a problem (not importable)


@pytest.fixture
def world(organisation: Organisation, member_record: Member, secretary: User) -> World:
    investor = mf.member(organisation, name="Ifan Investor", investor_shares=100)
    withdrawal = services.withdrawal_request(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        requested_on=dt.date(2024, 1, 10),
        actor=None,
    )
    application = services.application_submit(
        organisation=organisation,
        name="Alun Applicant",
        email="alun@example.org",
        postal_address="3 Ffordd y Môr\nAberaeron",
        postcode="SA46 0AA",
        member_class=mf.member_class(organisation),
        share_class=mf.share_class(organisation),
        shares_requested=1,
        declaration=True,
    )
    officer = services.officer_appoint(
        organisation=organisation,
        name="Carys Chair",
        office=Officer.Office.CHAIR,
        appointed_on=dt.date(2021, 9, 1),
        actor=None,
    )
    nomination = services.nomination_record(
        member=member_record,
        nominee_name="Nia Nominee",
        nominee_address="5 Lôn Las\nTywyn",
        relationship="child",
        received_on=dt.date(2022, 3, 1),
        actor=None,
    )
    # Queued only: the build runs on commit, which a test's transaction never reaches.
    export = services.register_export_request(
        organisation=organisation,
        as_of=dt.date(2024, 1, 1),
        format=RegisterExport.Format.CSV,
        language="en-gb",
        actor=secretary,
    )
    member_organisation = mf.member(organisation, name="Corwen Care Co-op", kind="organisation")
    representative = services.representative_add(
        member=member_organisation,
        name="Rhys Representative",
        started_on=dt.date(2022, 1, 1),
        actor=None,
    )
    certificate = services.certificate_issue(
        member=member_record, share_class=mf.share_class(organisation), actor=None
    )
    import_batch = import_preview(
        organisation=organisation,
        filename="register.csv",
        content=b"name,member_class\nNo Date,users\n",
        actor=secretary,
    )
    allotment = ShareTransaction.objects.filter(
        member=investor, kind=ShareTransaction.Kind.ALLOTMENT, share_class__code="investor"
    ).get()
    return World(
        organisation=organisation,
        member=member_record,
        investor=investor,
        withdrawal=withdrawal,
        application=application,
        allotment=allotment,
        officer=officer,
        nomination=nomination,
        export=export,
        member_organisation=member_organisation,
        representative=representative,
        certificate=certificate,
        import_batch=import_batch,
    )


@pytest.fixture
def as_user() -> Callable[[User | None], APIClient]:
    return client_for
