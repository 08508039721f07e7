"""The audit helper: what an event records, bulk events, append-only, and who reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from coop.core.audit import audit, audit_event, audit_many, snapshot
from coop.core.models import AppendOnlyError, AuditEvent, User


def test_audit_records_actor_organisation_object_states_and_reason(
    organisation, secretary, member_record
):
    when = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
    event = audit(
        actor=secretary,
        action="member.update",
        obj=member_record,
        before={"on": dt.date(2025, 1, 31), "amount": Decimal("12.50"), "class": member_record},
        after={"at": when, "amount": Decimal("13.00"), "tags": ("a", "b"), "nested": {1: None}},
        reason="Correction requested by the member",
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == secretary
    assert stored.actor_label == "secretary@example.org"
    assert stored.organisation_id == organisation.pk
    assert stored.action == "member.update"
    assert stored.object_type == "membership.member"
    assert stored.object_id == str(member_record.pk)
    assert stored.object_repr == str(member_record)
    assert stored.before == {"on": "2025-01-31", "amount": "12.50", "class": member_record.pk}
    assert stored.after == {
        "at": "2025-03-01T09:30:00+00:00",
        "amount": "13.00",
        "tags": ["a", "b"],
        "nested": {"1": None},
    }
    assert stored.reason == "Correction requested by the member"
    assert stored.created_at is not None


def test_audit_without_an_actor_is_the_system(organisation):
    event = audit(actor=None, action="organisation.touch", obj=organisation)
    assert event.actor is None
    assert event.actor_label == "system"
    # An organisation has no organisation_id of its own: the caller names it.
    assert event.organisation_id is None
    named = audit(
        actor=None, action="organisation.touch", obj=organisation, organisation_id=organisation.pk
    )
    assert named.organisation_id == organisation.pk


def test_snapshot_serialises_fields_and_leaves_out_passwords(secretary):
    data = snapshot(secretary)
    assert data["email"] == "secretary@example.org"
    assert data["preferred_language"] == "en-gb"
    assert "password" not in data
    assert "created_at" not in data
    assert snapshot(secretary, fields=["email"]) == {"email": "secretary@example.org"}


def test_audit_many_writes_every_prepared_event(organisation, secretary, member_record):
    before = AuditEvent.objects.count()
    events = [
        audit_event(actor=secretary, action="member.import", obj=member_record, after={"row": n})
        for n in range(3)
    ]
    assert all(e.pk is None for e in events)  # prepared, not yet written

    audit_many(events)

    assert AuditEvent.objects.count() == before + 3
    rows = AuditEvent.objects.filter(action="member.import").order_by("id")
    assert [r.after for r in rows] == [{"row": 0}, {"row": 1}, {"row": 2}]
    assert {r.organisation_id for r in rows} == {organisation.pk}
    assert {r.actor_label for r in rows} == {"secretary@example.org"}


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(secretary):
    event = audit(actor=secretary, action="test.event", obj=secretary)

    event.action = "test.rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()

    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_deleting_an_actor_with_audit_events_is_refused(secretary):
    audit(actor=secretary, action="test.event", obj=secretary)
    count = AuditEvent.objects.count()
    with pytest.raises(ProtectedError), transaction.atomic():
        secretary.delete()
    assert User.objects.filter(pk=secretary.pk).exists()
    assert AuditEvent.objects.count() == count


def test_sqlite_and_postgresql_refuse_a_raw_update(secretary):
    event = audit(actor=secretary, action="test.event", obj=secretary)
    table = AuditEvent._meta.db_table

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["x", event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_delete(secretary):
    event = audit(actor=secretary, action="test.event", obj=secretary)
    table = AuditEvent._meta.db_table

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("persona", ["secretary", "scrutineer"])
def test_secretaries_and_scrutineers_read_their_organisations_events(
    client: Client, request, organisation, other_organisation, persona
):
    user = request.getfixturevalue(persona)
    audit(
        actor=user,
        action="test.visible",
        obj=user,
        organisation_id=organisation.pk,
        after={"note": "ours"},
    )
    audit(
        actor=None,
        action="test.elsewhere",
        obj=user,
        organisation_id=other_organisation.pk,
        after={"note": "theirs"},
    )
    client.force_login(user)

    response = client.get(reverse("membership:audit_log", args=[organisation.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "test.visible" in html
    assert "test.elsewhere" not in html


@pytest.mark.parametrize("persona", ["member", "board_member", "bid_manager", "outsider"])
def test_others_get_404_on_the_audit_trail(client: Client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("membership:audit_log", args=[organisation.slug]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_from_the_audit_trail(client: Client, organisation):
    url = reverse("membership:audit_log", args=[organisation.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
