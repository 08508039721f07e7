"""Amendments (proposed, seconded, withdrawn, ruled out; none to a decided motion) and
proxies for a meeting (where the rules allow them)."""

from __future__ import annotations

import pytest

from governance import services
from governance.models import Amendment, MeetingProxy
from tests.factories import voting as vf
from tests.governance.test_pages_motions import signed_in_member
from tests.governance.test_pages_setup import (
    AMENDED_TEXT,
    MOTION_TEXT,
    amend,
    called_agm,
    counts,
    start,
    text,
    url,
    vote,
)

# --- Amendments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_propose_and_second_an_amendment(client, member, member_record, organisation):
    agm = called_agm(organisation)
    client.force_login(member)
    form = text(client.get(url("amendment_submit", organisation.slug, agm.motion.pk)))
    assert MOTION_TEXT in form  # the text to change starts as the motion's
    assert 'name="by_board"' not in form
    response = client.post(
        url("amendment_submit", organisation.slug, agm.motion.pk),
        {"summary": "from April", "text": AMENDED_TEXT, "text_cy": ""},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(motion=agm.motion)
    assert (amendment.proposer, amendment.status) == (member_record, "submitted")
    signed_in_member(client, organisation, "Sioned Seconder")
    seconded = client.post(url("amendment_second", organisation.slug, amendment.pk))
    assert seconded.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == "seconded"
    assert amendment.seconder is not None
    assert amendment.seconder.name == "Sioned Seconder"


@pytest.mark.django_db
def test_an_amendment_that_changes_nothing_is_refused(client, member, member_record, organisation):
    agm = called_agm(organisation)
    client.force_login(member)
    before = counts()
    response = client.post(
        url("amendment_submit", organisation.slug, agm.motion.pk),
        {"summary": "", "text": MOTION_TEXT, "text_cy": ""},
    )
    assert response.status_code == 400
    assert "The amendment does not change the motion." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_an_amendment_to_a_decided_motion_is_refused(client, member, member_record, organisation):
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:4])
    assert agm.motion.ballot is not None
    for m in agm.members[:3]:
        vote(agm.motion.ballot, m, "for")
    services.vote_take(item=agm.motion, actor=None)
    client.force_login(member)
    assert "Propose an amendment" not in text(
        client.get(url("motion", organisation.slug, agm.motion.pk))
    )
    before = counts()
    response = client.post(
        url("amendment_submit", organisation.slug, agm.motion.pk),
        {"summary": "later", "text": AMENDED_TEXT, "text_cy": ""},
    )
    assert response.status_code == 400
    assert "The motion has already been decided: it can no longer be amended." in text(response)
    assert counts() == before
    assert meeting.status == "in_progress"


@pytest.mark.django_db
def test_the_proposer_withdraws_an_amendment_and_the_chair_rules_one_out(
    client, member, member_record, secretary, organisation
):
    agm = called_agm(organisation)
    mine = amend(agm.motion, member_record)
    theirs = amend(agm.motion, agm.members[2])
    client.force_login(member)
    assert client.post(url("amendment_withdraw", organisation.slug, mine.pk)).status_code == 302
    before = counts()
    refused = client.post(url("amendment_withdraw", organisation.slug, theirs.pk))
    assert refused.status_code == 400
    assert "Only the proposer can withdraw the amendment." in text(refused)
    assert counts() == before
    client.force_login(secretary)
    ruled = client.post(
        url("amendment_rule_out", organisation.slug, theirs.pk), {"reason": "Negates the motion"}
    )
    assert ruled.status_code == 302
    assert list(Amendment.objects.order_by("pk").values_list("status", "result_summary")) == [
        ("withdrawn", ""),
        ("inadmissible", "Negates the motion"),
    ]


# --- Proxies -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_proxies_are_refused_where_the_rules_do_not_allow_them(
    client, member, member_record, organisation
):
    agm = called_agm(organisation)
    client.force_login(member)
    assert 'id="appoint-proxy"' not in text(
        client.get(url("meeting", organisation.slug, agm.meeting.pk))
    )
    before = counts()
    response = client.post(
        url("proxy_appoint", organisation.slug, agm.meeting.pk), {"kind": "discretionary"}
    )
    assert response.status_code == 400
    assert "The rules do not allow proxy voting (Rules as registered)." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_member_appoints_a_directed_proxy(client, db):
    plain = vf.unweighted_cooperative()
    agm = called_agm(plain)
    me = signed_in_member(client, plain, "Pat Proxygiver")
    holder = agm.members[4]
    page = text(client.get(url("meeting", plain.slug, agm.meeting.pk)))
    assert 'id="appoint-proxy"' in page
    response = client.post(
        url("proxy_appoint", plain.slug, agm.meeting.pk),
        {
            "holder_number": holder.number,
            "kind": "directed",
            f"direction_{agm.motion.pk}": "against",
        },
    )
    assert response.status_code == 302
    proxy = MeetingProxy.objects.get(meeting=agm.meeting, member=me)
    assert (proxy.holder, proxy.kind, proxy.directions) == (
        holder,
        "directed",
        {str(agm.motion.pk): "against"},
    )
    before = counts()
    again = client.post(url("proxy_appoint", plain.slug, agm.meeting.pk), {"kind": "discretionary"})
    assert again.status_code == 400
    assert "This member has already appointed a proxy for the meeting." in text(again)
    unknown = client.post(
        url("proxy_appoint", plain.slug, agm.meeting.pk),
        {"holder_number": 999, "kind": "discretionary"},
    )
    assert unknown.status_code == 400
    assert "There is no member 999 in Plain Co-operative." in text(unknown)
    assert counts() == before


@pytest.mark.django_db
def test_a_member_revokes_their_proxy(client, db):
    plain = vf.unweighted_cooperative()
    agm = called_agm(plain)
    me = signed_in_member(client, plain, "Pat Proxygiver")
    proxy = services.meeting_proxy_appoint(
        meeting=agm.meeting, member=me, kind="discretionary", holder=agm.members[4], actor=None
    )
    held = text(client.get(url("proxy_appoint", plain.slug, agm.meeting.pk)))
    assert "Your proxy" in held
    assert agm.members[4].name in held
    assert 'id="revoke-proxy"' in held
    response = client.post(url("proxy_revoke", plain.slug, agm.meeting.pk))
    assert response.status_code == 302
    proxy.refresh_from_db()
    assert proxy.is_revoked is True
    # With no live proxy there is nothing to revoke.
    assert client.post(url("proxy_revoke", plain.slug, agm.meeting.pk)).status_code == 404
