"""The secretary's actions on a member's record through the pages: contact details,
suspension, ceasing, erasure, sign-in account, joint holders, representatives, nominations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coop.core.models import AuditEvent
from coop.core.permissions import Role, has_role
from membership import services
from membership.models import JointHolder, Member, Nomination, Representative
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import World, build_world, counts, text


@pytest.fixture
def world(organisation, member_record) -> World:
    return build_world(organisation)


def _url(w: World, name: str, member: Member | None = None, *extra: int) -> str:
    return reverse(
        f"membership:{name}", args=[w.organisation.slug, (member or w.investor).number, *extra]
    )


def _refused(response, field: str, message: str) -> None:
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    if field == "__all__":
        assert 'id="non-field-errors"' in html
    else:
        assert f'id="id_{field}_error"' in html
    assert message in html


def _contact_data(member: Member, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": member.name,
        "postal_address": member.postal_address,
        "postcode": member.postcode,
        "email": member.email,
        "phone": member.phone,
        "date_of_birth": "",
        "preferred_language": member.preferred_language,
        "member_class": member.member_class_id,
    }
    if member.email_for_notices:
        data["email_for_notices"] = "on"
    if member.email_for_ballots:
        data["email_for_ballots"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


def test_update_contact_details(secretary_client, world, secretary):
    response = secretary_client.post(
        _url(world, "member_contact"),
        _contact_data(world.investor, postcode="SY23 9ZZ", phone="01970 000000"),
    )
    assert response.status_code == 302
    world.investor.refresh_from_db()
    assert (world.investor.postcode, world.investor.phone) == ("SY23 9ZZ", "01970 000000")
    event = AuditEvent.objects.filter(action="member.update").latest("id")
    assert event.actor == secretary
    assert event.before == {"postcode": "SY23 1AA", "phone": ""}
    assert event.after == {"postcode": "SY23 9ZZ", "phone": "01970 000000"}


def test_contact_form_starts_with_the_members_details(secretary_client, world):
    html = text(secretary_client.get(_url(world, "member_contact")))
    assert f'value="{world.investor.email}"' in html
    assert 'value="SY23 1AA"' in html


def test_email_purposes_without_an_email_are_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_contact"), _contact_data(world.investor, email="")
    )
    _refused(response, "email", "Give an email address for the purposes ticked")
    assert counts() == before
    world.investor.refresh_from_db()
    assert world.investor.email != ""


def test_suspend_and_reinstate(secretary_client, world):
    response = secretary_client.post(_url(world, "member_suspend"), {"reason": "Rule 20"})
    assert response.status_code == 302
    world.investor.refresh_from_db()
    assert (world.investor.status, world.investor.suspended_reason) == ("suspended", "Rule 20")
    assert _url(world, "member_reinstate") in text(secretary_client.get(_url(world, "member")))
    response = secretary_client.post(_url(world, "member_reinstate"), {})
    assert response.status_code == 302
    world.investor.refresh_from_db()
    assert world.investor.status == "active"
    assert list(
        AuditEvent.objects.filter(object_id=str(world.investor.pk))
        .filter(action__in=["member.suspend", "member.reinstate"])
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["member.suspend", "member.reinstate"]


def test_suspend_without_reason_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(_url(world, "member_suspend"), {"reason": ""})
    _refused(response, "reason", "Enter why the member is suspended.")
    assert counts() == before


def test_reinstating_an_active_member_is_refused_above_the_form(secretary_client, world):
    before = counts()
    response = secretary_client.post(_url(world, "member_reinstate"), {})
    _refused(response, "__all__", "Only a suspended member can be reinstated.")
    assert counts() == before


def test_cease_a_member_who_holds_no_shares(secretary_client, world, member_record):
    services.shares_cancel(
        member=member_record,
        share_class=mf.share_class(world.organisation),
        shares=1,
        effective_on=dt.date(2025, 1, 1),
        reason="Leaving",
        actor=None,
    )
    response = secretary_client.post(
        _url(world, "member_cease", member_record),
        {"ceased_on": "2025-01-02", "ceased_reason": "withdrawal", "note": "Moved away"},
    )
    assert response.status_code == 302
    member_record.refresh_from_db()
    assert (member_record.status, member_record.ceased_on, member_record.ceased_note) == (
        "ceased",
        dt.date(2025, 1, 2),
        "Moved away",
    )
    assert member_record.user is not None
    assert not has_role(member_record.user, world.organisation, Role.MEMBER)
    html = text(secretary_client.get(_url(world, "member", member_record)))
    assert "Ceased" in html
    assert _url(world, "member_allot", member_record) not in html


def test_cease_while_holding_shares_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_cease"), {"ceased_on": "2025-01-02", "ceased_reason": "withdrawal"}
    )
    _refused(response, "ceased_on", "still holds 51 shares")
    assert counts() == before
    world.investor.refresh_from_db()
    assert world.investor.status == "active"


def test_erase_optional_details(secretary_client, world):
    services.member_update(
        member=world.investor,
        changes={"phone": "07700 900000", "date_of_birth": dt.date(1980, 1, 1)},
        actor=None,
    )
    response = secretary_client.post(
        _url(world, "member_erase"), {"fields_to_erase": ["phone", "date_of_birth"]}
    )
    assert response.status_code == 302
    world.investor.refresh_from_db()
    assert (world.investor.phone, world.investor.date_of_birth) == ("", None)
    event = AuditEvent.objects.filter(action="member.erase_optional").get()
    assert event.before == {"phone": "(erased)", "date_of_birth": "(erased)"}


def test_erasing_a_statutory_field_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(_url(world, "member_erase"), {"fields_to_erase": ["name"]})
    _refused(response, "fields_to_erase", "Select a valid choice. name is not one of")
    assert counts() == before


def test_link_a_sign_in_account(secretary_client, world, applicant):
    response = secretary_client.post(
        _url(world, "member_link_user"), {"user": "APPLICANT@example.org"}
    )
    assert response.status_code == 302
    world.investor.refresh_from_db()
    assert world.investor.user == applicant
    assert has_role(applicant, world.organisation, Role.MEMBER)


def test_link_an_unknown_account_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_link_user"), {"user": "nobody@example.org"}
    )
    _refused(response, "user", "There is no sign-in account with this email address.")
    assert counts() == before


def test_link_an_account_already_linked_to_another_member_is_refused(
    secretary_client, world, member
):
    before = counts()
    response = secretary_client.post(_url(world, "member_link_user"), {"user": member.email})
    _refused(response, "user", "This account is already linked to another member")
    assert counts() == before


def test_add_a_joint_holder(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_joint_holder_add"),
        {"name": "Jac Joint", "email": "jac@example.org", "is_designated_voter": "on"},
    )
    assert response.status_code == 302
    holder = JointHolder.objects.get(member=world.investor)
    assert (holder.name, holder.is_designated_voter) == ("Jac Joint", True)
    assert AuditEvent.objects.filter(action="joint_holder.add").count() == 1


def test_joint_holder_without_a_name_is_refused(secretary_client, world):
    before = counts(), JointHolder.objects.count()
    response = secretary_client.post(_url(world, "member_joint_holder_add"), {"name": ""})
    _refused(response, "name", "Enter the joint holder&#x27;s name.")
    assert (counts(), JointHolder.objects.count()) == before


def test_add_a_representative_for_a_member_organisation(secretary_client, world, applicant):
    coop = mf.member(world.organisation, name="Cwmni Cydweithredol", kind=Member.Kind.ORGANISATION)
    assert _url(world, "member_representative_add", coop) in text(
        secretary_client.get(_url(world, "member", coop))
    )
    response = secretary_client.post(
        _url(world, "member_representative_add", coop),
        {
            "name": "Rhian Rep",
            "role": Representative.Role.PRIMARY,
            "user": applicant.email,
            "started_on": "2024-05-01",
        },
    )
    assert response.status_code == 302
    rep = Representative.objects.get(member=coop)
    assert (rep.name, rep.user, rep.ended_on) == ("Rhian Rep", applicant, None)
    assert "Rhian Rep" in text(secretary_client.get(_url(world, "member", coop)))


def test_representative_before_the_member_entered_is_refused(secretary_client, world):
    coop = mf.member(world.organisation, name="Cwmni", kind=Member.Kind.ORGANISATION)
    before = counts(), Representative.objects.count()
    response = secretary_client.post(
        _url(world, "member_representative_add", coop),
        {"name": "Rhian Rep", "role": Representative.Role.PRIMARY, "started_on": "2019-01-01"},
    )
    _refused(response, "started_on", "before the member entered the register")
    assert (counts(), Representative.objects.count()) == before


def test_representative_for_a_person_is_refused_above_the_form(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_representative_add"),
        {"name": "Rhian Rep", "role": Representative.Role.PRIMARY, "started_on": "2024-05-01"},
    )
    _refused(response, "__all__", "Only a member organisation has representatives.")
    assert counts() == before


def test_record_a_nomination(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_nomination_record", world.other),
        {
            "nominee_name": "Nerys Niece",
            "nominee_address": "1 Stryd\nTywyn",
            "relationship": Nomination.Relationship.NEPHEW_NIECE,
            "maximum": "2500.00",
            "received_on": "2025-01-15",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(member=world.other)
    assert (nomination.nominee_name, nomination.maximum_pence) == ("Nerys Niece", 250_000)
    assert AuditEvent.objects.filter(
        action="nomination.record", object_id=str(nomination.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"maximum": "5000.01"}, "maximum", "A nomination covers at most £5,000.00"),
        (
            {"relationship": "other", "nominee_is_officer_or_employee": "on"},
            "nominee_is_officer_or_employee",
            "A nomination of an officer or employee of the society is void",
        ),
        ({"received_on": "2999-01-01"}, "received_on", "The date cannot be in the future."),
    ],
)
def test_nomination_bad_input_is_refused(secretary_client, world, changes, field, message):
    data = {
        "nominee_name": "Nerys Niece",
        "nominee_address": "1 Stryd\nTywyn",
        "relationship": Nomination.Relationship.NEPHEW_NIECE,
        "maximum": "2500.00",
        "received_on": "2025-01-15",
        **changes,
    }
    before = counts(), Nomination.objects.count()
    response = secretary_client.post(_url(world, "member_nomination_record", world.other), data)
    _refused(response, field, message)
    assert (counts(), Nomination.objects.count()) == before


def test_revoke_a_nomination(secretary_client, world):
    url = _url(world, "member_nomination_revoke", None, world.nomination.pk)
    assert url in text(secretary_client.get(_url(world, "member")))
    response = secretary_client.post(url, {"revoked_on": "2024-04-04"})
    assert response.status_code == 302
    world.nomination.refresh_from_db()
    assert world.nomination.revoked_on == dt.date(2024, 4, 4)
    assert AuditEvent.objects.filter(action="nomination.revoke").count() == 1


def test_revoke_before_received_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_nomination_revoke", None, world.nomination.pk),
        {"revoked_on": "2021-01-01"},
    )
    _refused(response, "revoked_on", "A nomination cannot be revoked before it was received.")
    assert counts() == before


def test_nomination_of_another_member_is_not_found(secretary_client, world):
    response = secretary_client.get(
        _url(world, "member_nomination_revoke", world.other, world.nomination.pk)
    )
    assert response.status_code == 404
