"""Writes around the register: certificates, logged inspections, background exports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coop.core.models import AppendOnlyError
from membership import services
from membership.models import RegisterExport, RegisterInspection, ShareCertificate
from tests.factories import membership as mf
from tests.factories.membership import events_since, last_event_id, refused

D = dt.date


def test_certificates_are_numbered_per_organisation_and_state_the_holding(
    organisation, other_organisation, secretary
):
    m = mf.member(organisation, investor_shares=250)
    member_elsewhere = mf.member(other_organisation)
    mark = last_event_id()
    first = services.certificate_issue(
        member=m, share_class=mf.share_class(organisation, "investor"), actor=secretary
    )
    second = services.certificate_issue(
        member=m, share_class=mf.share_class(organisation), actor=secretary
    )
    elsewhere = services.certificate_issue(
        member=member_elsewhere,
        share_class=mf.share_class(other_organisation),
        actor=None,
    )
    assert [(c.number, c.shares, c.paid_pence) for c in (first, second, elsewhere)] == [
        (1, 250, 25_000),
        (2, 1, 100),
        (1, 1, 100),
    ]
    assert first.issued_on == timezone.localdate()
    assert [e.action for e in events_since(mark)] == ["certificate.issue"] * 3


def test_no_certificate_for_a_class_not_held(organisation):
    m = mf.member(organisation)
    with refused("share_class", "holds no Investor shares"):
        services.certificate_issue(
            member=m, share_class=mf.share_class(organisation, "investor"), actor=None
        )
    assert ShareCertificate.objects.count() == 0


def test_inspections_are_logged_and_the_log_is_append_only(organisation, member):
    inspection = services.inspection_log(
        organisation=organisation,
        user=member,
        kind=RegisterInspection.Kind.DUPLICATE,
        as_of=D(2024, 1, 1),
    )
    assert RegisterInspection.objects.filter(organisation=organisation, user=member).count() == 1
    with pytest.raises(AppendOnlyError):
        inspection.delete()
    with pytest.raises(AppendOnlyError):
        RegisterInspection.objects.filter(pk=inspection.pk).update(as_of=D(2020, 1, 1))


def test_a_register_export_is_built_in_the_background_and_logged(
    organisation, secretary, django_capture_on_commit_callbacks
):
    mf.member(organisation, name="Ffion Llŷr")
    mark = last_event_id()
    with django_capture_on_commit_callbacks(execute=True):
        export = services.register_export_request(
            organisation=organisation,
            as_of=D(2024, 1, 1),
            format="csv",
            language="en-gb",
            actor=secretary,
        )
    export.refresh_from_db()
    assert (export.status, export.progress_percent) == (RegisterExport.Status.DONE, 100)
    content = export.file.read().decode("utf-8")
    assert "Ffion Llŷr" in content
    [event] = events_since(mark)
    assert (event.action, event.after) == (
        "register.export_request",
        {"as_of": "2024-01-01", "format": "csv", "language": "en-gb", "status": "queued"},
    )
    assert RegisterInspection.objects.get(organisation=organisation).kind == "export"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": "xls"}, "format"),
        ({"language": "fr"}, "language"),
        ({"as_of": D(2015, 1, 1)}, "as_of"),
    ],
)
def test_bad_export_requests_are_refused(organisation, secretary, overrides, field):
    fields = {
        "organisation": organisation,
        "as_of": D(2024, 1, 1),
        "format": "pdf",
        "language": "cy",
        "actor": secretary,
    }
    fields.update(overrides)
    with refused(field):
        services.register_export_request(**fields)
    assert RegisterInspection.objects.count() == 0
