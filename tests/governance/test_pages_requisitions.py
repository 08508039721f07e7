"""Members requisition a general meeting and sign it (once each); the secretary records the
meeting called; everyone with a role reads the register of resolutions."""

from __future__ import annotations

import pytest
from django.test import Client

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import Requisition, RequisitionSignature
from membership import services as membership_services
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    called_agm,
    counts,
    plan_agm,
    start,
    text,
    url,
    vote,
)


def _members(organisation: Organisation, n: int) -> list[Member]:
    return [mf.member(organisation) for _ in range(n)]


@pytest.mark.django_db
def test_a_member_starts_a_requisition_and_another_signs_it(
    client: Client, member: User, member_record: Member, organisation: Organisation
) -> None:
    others = _members(organisation, 10)  # 11 members: 10% rounded up is 2 signatures
    client.force_login(member)
    response = client.post(
        url("requisition_start", organisation.slug),
        {"purpose": "To remove the treasurer.", "purpose_cy": "Diswyddo'r trysorydd."},
    )
    assert response.status_code == 302
    requisition = Requisition.objects.get()
    assert (requisition.started_by, requisition.threshold, requisition.status) == (
        member_record,
        2,
        "collecting",
    )
    page = text(client.get(url("requisitions", organisation.slug)))
    assert "1 of 2 needed" in page
    assert "You have signed." in page
    signer = User.objects.create_user(email="s@example.org", password="x", full_name="Sali")
    membership_services.member_link_user(member=others[0], user=signer, actor=None)
    client.force_login(signer)
    listing = text(client.get(url("requisitions", organisation.slug)))
    assert f'id="sign-{requisition.pk}"' in listing
    signed = client.post(url("requisition_sign", organisation.slug, requisition.pk))
    assert signed.status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "reached"
    assert requisition.call_by is not None
    assert RequisitionSignature.objects.filter(requisition=requisition).count() == 2
    assert AuditEvent.objects.filter(action="requisition.reached").count() == 1


@pytest.mark.django_db
def test_signing_a_requisition_twice_is_refused(
    client: Client, member: User, member_record: Member, organisation: Organisation
) -> None:
    _members(organisation, 10)
    requisition = services.requisition_start(
        organisation=organisation, member=member_record, purpose="To debate pay.", actor=None
    )
    client.force_login(member)
    before = counts()
    response = client.post(url("requisition_sign", organisation.slug, requisition.pk))
    assert response.status_code == 400
    assert f"Member {member_record.number} has already signed this requisition." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_non_member_cannot_sign(
    client: Client, scrutineer: User, organisation: Organisation
) -> None:
    starter = _members(organisation, 11)[0]
    requisition = services.requisition_start(
        organisation=organisation, member=starter, purpose="To debate pay.", actor=None
    )
    client.force_login(scrutineer)
    assert f'id="sign-{requisition.pk}"' not in text(
        client.get(url("requisitions", organisation.slug))
    )
    before = counts()
    response = client.post(url("requisition_sign", organisation.slug, requisition.pk))
    assert response.status_code == 400
    assert "Only a member of Dyfi Care Co-operative can do this." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_requisition_of_another_organisation_is_not_found(
    client: Client, member: User, member_record: Member, other_organisation: Organisation
) -> None:
    theirs = services.requisition_start(
        organisation=other_organisation,
        member=mf.member(other_organisation),
        purpose="Theirs",
        actor=None,
    )
    client.force_login(member)
    response = client.post(url("requisition_sign", member_record.organisation.slug, theirs.pk))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_secretary_records_the_meeting_called(
    client: Client, secretary: User, organisation: Organisation
) -> None:
    starter = _members(organisation, 3)[0]  # 3 members: one signature is enough
    requisition = services.requisition_start(
        organisation=organisation, member=starter, purpose="To debate pay.", actor=None
    )
    assert requisition.status == "reached"
    meeting = plan_agm(organisation, title="Requisitioned general meeting")
    client.force_login(secretary)
    assert f'id="called-{requisition.pk}"' in text(
        client.get(url("requisitions", organisation.slug))
    )
    response = client.post(
        url("requisition_called", organisation.slug, requisition.pk), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert (requisition.status, requisition.meeting) == ("called", meeting)
    assert "Requisitioned general meeting" in text(
        client.get(url("requisitions", organisation.slug))
    )


@pytest.mark.django_db
def test_the_register_of_resolutions(
    client: Client, member: User, member_record: Member, organisation: Organisation
) -> None:
    agm = called_agm(organisation)
    start(agm.meeting, agm.members[:4])
    assert agm.motion.ballot is not None
    for m, choice in zip(agm.members[:4], ["for", "for", "for", "against"], strict=True):
        vote(agm.motion.ballot, m, choice)
    services.vote_take(item=agm.motion, actor=None)
    client.force_login(member)
    html = text(client.get(url("resolutions", organisation.slug)))
    agm.motion.refresh_from_db()
    assert 'id="resolution-1"' in html
    assert agm.motion.text in html
    assert "Ordinary resolution" in html
    assert "For 3, against 1, abstaining 0" in html
    assert agm.motion.result_summary in html
    assert "more than half of the votes cast" in html
    assert ">Passed</strong>" in html
