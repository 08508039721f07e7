"""Each co-op decides for itself (issue 15, case 5): its own secretary or board records its
approval of the bid, with its conditions, reached from the co-op's part of the bid; the
consortium's bid manager records it only once the co-op's written delegation is recorded
(by the co-op's secretary); an approval by the co-op's members links to one of the co-op's
own ballots, closed and carried, and the bid's pages show it."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re

import pytest
from django.test import Client
from django.utils import timezone

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership.models import Member, Organisation
from tendering import services
from tendering.models import BidParticipant
from tests.factories import membership as mf
from tests.factories import tendering as tf
from tests.factories import voting as vf
from tests.factories.tendering_checks import refused
from tests.tendering.test_pages_setup import text, url
from voting import services as voting
from voting.models import Ballot

pytestmark = pytest.mark.django_db

_slugs = itertools.count(1)


def _user(name: str, org: Organisation, role: Role) -> User:
    user = tf.user(name)
    role_grant(organisation=org, user=user, role=role, actor=None)
    return user


class Scene:
    """A consortium's bid with two co-ops in Cyd (Afon and Bryn), each with its own
    secretary, being consulted; the consortium's bid manager."""

    def __init__(self) -> None:
        self.consortium = tf.consortium()
        self.afon = vf.unweighted_cooperative(slug="afon")
        self.bryn = vf.unweighted_cooperative(slug="bryn")
        coops = [
            mf.member(
                self.consortium,
                name=name,
                kind=Member.Kind.ORGANISATION,
                member_organisation=org,
                is_registered_society=True,
            )
            for name, org in (("Afon Care", self.afon), ("Bryn Care", self.bryn))
        ]
        self.world = tf.joint_bid(self.consortium, stage="consulting", coops=coops)
        self.bid = self.world.bid
        self.part = self.world.participants[0]
        self.secretary = _user("Afon Secretary", self.afon, Role.SECRETARY)
        self.lead = _user("Bid Manager", self.consortium, Role.BID_MANAGER)

    def carried_ballot(self, org: Organisation, *, carried: bool = True) -> Ballot:
        members = [mf.member(org) for _ in range(3)]
        ballot, question = vf.resolution_ballot(org, title="Join the joint bid")
        for member in members:
            vf.vote(ballot, member, question, "for" if carried else "against")
        return voting.ballot_close(ballot=ballot, actor=None)


def _form(**extra: object) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "approval_kind": "board",
        "reference": "Board minute 7/2026",
        "approved_on": today.isoformat(),
        "expires_on": (today + dt.timedelta(days=60)).isoformat(),
        "conditions": "Lot 1 only if the council keeps the zones.",
        **extra,
    }


def _errors(response) -> str:
    return html.unescape(
        " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', text(response), re.S))
    )


def test_the_coops_secretary_records_its_approval_from_its_part_of_the_bid(client: Client):
    scene = Scene()
    client.force_login(scene.secretary)

    part = text(client.get(url("member_part", scene.bid, scene.part.pk)))
    approve = url("participant_approve", scene.bid, scene.part.pk)
    assert f'href="{approve}"' in part
    response = client.post(approve, _form())

    assert response.status_code == 302
    assert response["Location"] == url("member_part", scene.bid, scene.part.pk)
    scene.part.refresh_from_db()
    assert (scene.part.status, scene.part.approval_reference, scene.part.conditions) == (
        BidParticipant.Status.APPROVED,
        "Board minute 7/2026",
        "Lot 1 only if the council keeps the zones.",
    )
    event = AuditEvent.objects.filter(action="bid.participant_approve").latest("id")
    assert event.actor_id == scene.secretary.pk


def test_the_consortium_records_a_coops_approval_only_under_its_written_delegation(
    client: Client,
):
    scene = Scene()
    approve = url("participant_approve", scene.bid, scene.part.pk)
    client.force_login(scene.lead)
    assert client.get(approve).status_code == 403
    assert client.post(approve, _form()).status_code == 403
    assert f'href="{approve}"' not in text(client.get(url("participants", scene.bid)))
    scene.part.refresh_from_db()
    assert scene.part.status == BidParticipant.Status.INVITED

    # The co-op's secretary records its written delegation, from the co-op's part.
    client.force_login(scene.secretary)
    delegate = url("participant_delegate", scene.bid, scene.part.pk)
    assert f'href="{delegate}"' in text(client.get(url("member_part", scene.bid, scene.part.pk)))
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    empty = client.post(delegate, {"reference": "", "dated_on": timezone.localdate().isoformat()})
    future = client.post(delegate, {"reference": "Letter of 1 May", "dated_on": tomorrow})
    assert (empty.status_code, future.status_code) == (400, 400)
    assert "Give the reference of the written delegation" in _errors(empty)
    assert "The date cannot be in the future." in _errors(future)
    scene.part.refresh_from_db()
    assert scene.part.approval_delegated_on is None
    done = client.post(
        delegate, {"reference": "Board minute 5/2026", "dated_on": timezone.localdate()}
    )
    assert done.status_code == 302
    assert AuditEvent.objects.filter(action="bid.participant_delegate_approval").exists()
    # The consortium's lead may not delegate for the co-op.
    client.force_login(scene.lead)
    assert client.post(delegate, {"reference": "x", "dated_on": "2026-01-01"}).status_code == 403

    assert f'href="{approve}"' in text(client.get(url("participants", scene.bid)))
    assert client.post(approve, _form()).status_code == 302
    scene.part.refresh_from_db()
    assert scene.part.status == BidParticipant.Status.APPROVED
    # The other co-op has delegated nothing: still its own act.
    other = url("participant_approve", scene.bid, scene.world.participants[1].pk)
    assert client.post(other, _form()).status_code == 403


def test_an_approval_by_ballot_is_one_of_the_coops_own_closed_ballots_that_carried(client):
    scene = Scene()
    today = timezone.localdate()
    base = {"approval_kind": "ballot", "reference": "", "approved_on": today}
    with refused("approval_ballot", "Choose the ballot of Afon Care's members"):
        services.participant_approve(participant=scene.part, actor=None, **base)
    foreign = scene.carried_ballot(scene.bryn)
    with refused("approval_ballot", f"Ballot {foreign.pk} is not a ballot of Afon Care's"):
        services.participant_approve(
            participant=scene.part, approval_ballot=foreign, actor=None, **base
        )
    still_open, _question = vf.resolution_ballot(scene.afon, title="Still open")
    with refused("approval_ballot", f"Ballot {still_open.pk} has not closed"):
        services.participant_approve(
            participant=scene.part, approval_ballot=still_open, actor=None, **base
        )
    lost = scene.carried_ballot(scene.afon, carried=False)
    with refused("approval_ballot", f"Ballot {lost.pk} did not carry"):
        services.participant_approve(
            participant=scene.part, approval_ballot=lost, actor=None, **base
        )

    # Through the page: a ballot not the co-op's is not a choice.
    client.force_login(scene.secretary)
    approve = url("participant_approve", scene.bid, scene.part.pk)
    wrong = client.post(approve, _form(approval_kind="ballot", approval_ballot=foreign.pk))
    assert wrong.status_code == 400
    assert "Choose one of the co-op's own closed ballots." in _errors(wrong)

    carried = scene.carried_ballot(scene.afon)
    response = client.post(
        approve, _form(approval_kind="ballot", approval_ballot=carried.pk, reference="")
    )
    assert response.status_code == 302
    scene.part.refresh_from_db()
    assert scene.part.approval_ballot_id == carried.pk
    assert scene.part.approval_reference == f"Ballot {carried.pk}: Join the joint bid"
    # Shown on the co-op's part and on the lead's list of co-ops.
    part = html.unescape(text(client.get(url("member_part", scene.bid, scene.part.pk))))
    found = re.search(r'id="approval-ballot">(.*?)</dd>', part, re.S)
    assert found is not None, part
    assert f"Ballot {carried.pk}: Join the joint bid" in found[1]
    assert "carried, closed" in found[1]
    client.force_login(scene.lead)
    listing = html.unescape(text(client.get(url("participants", scene.bid))))
    assert f"Ballot {carried.pk}: Join the joint bid" in listing


def test_the_api_follows_the_same_policy_and_checks_the_ballot(client: Client):
    scene = Scene()
    address = (
        f"/api/v1/organisations/{scene.consortium.slug}/bids/{scene.bid.pk}/"
        f"participants/{scene.part.pk}/approve/"
    )
    client.force_login(scene.lead)
    assert client.post(address, _form(), content_type="application/json").status_code == 403
    client.force_login(scene.secretary)
    foreign = scene.carried_ballot(scene.bryn)
    wrong = client.post(
        address,
        _form(approval_kind="ballot", approval_ballot=foreign.pk),
        content_type="application/json",
    )
    assert wrong.status_code == 400, wrong.content
    assert "Choose one of the co-op's own closed ballots." in wrong.content.decode()
    scene.part.refresh_from_db()
    assert scene.part.status == BidParticipant.Status.INVITED
    assert client.post(address, _form(), content_type="application/json").status_code == 200
