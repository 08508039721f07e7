"""The notice pack and the minutes as PDFs: English, then Welsh; the minutes carry each
motion's result and the rule applied, from the record, whatever editing they have had."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from governance import services
from governance.documents import render_minutes_pdf, render_notice_pack_pdf
from governance.models import Minutes, Motion
from membership.models import Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.governance.test_pages_setup import (
    amend,
    called_agm,
    member_motion,
    plan_agm,
    start,
    vote,
)


def pages(pdf: bytes) -> list[str]:
    """The text of each page, runs of white space as one space."""
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.django_db
def test_the_notice_pack_is_english_then_welsh(organisation: Organisation) -> None:
    agm = called_agm(organisation)
    amend(agm.motion, agm.members[2], agm.members[3])
    english, welsh = pages(render_notice_pack_pdf(agm.meeting))
    assert english.startswith("Notice of the AGM 2026 Dyfi Care Co-operative")
    assert "Y Plas, Machynlleth" in english
    assert "with 14 clear days' notice as the rules require (rule 30)" in english
    assert "Living wage (Ordinary resolution)" in english
    assert "That the co-operative pays every worker the real living wage." in english
    assert "Fair pay keeps good carers." in english
    assert "Amendment 1: from April" in english
    assert "vote on them online before the meeting at http" in english
    assert f"/o/{organisation.slug}/meetings/{agm.meeting.pk}/" in english.replace(" ", "")
    assert "Proxy form" not in english  # these rules allow no proxies
    assert welsh.startswith("Hysbysiad: Cyfarfod Cyffredinol Blynyddol 2026")
    assert "Dyfi Care Co-operative (cy)" in welsh
    assert "Cyflog byw (Penderfyniad cyffredin)" in welsh
    assert "Cofnodion y cyfarfod diwethaf" in welsh


@pytest.mark.django_db
def test_the_notice_pack_has_a_proxy_form_where_the_rules_allow_proxies() -> None:
    plain = vf.unweighted_cooperative()
    agm = called_agm(plain)
    english, welsh = pages(render_notice_pack_pdf(agm.meeting))
    assert "Proxy form" in english
    assert "Living wage: for / against / abstain / proxy's discretion" in english
    assert "Cyflog byw: o blaid / yn erbyn / ymatal / disgresiwn y dirprwy" in welsh


def _held(organisation: Organisation) -> tuple[Minutes, Motion, Motion]:
    """An AGM that carried an ordinary resolution and lost a special one (4 for, 3 against:
    more than half, less than two thirds)."""
    members = [mf.member(organisation) for _ in range(7)]
    meeting = plan_agm(organisation)
    ordinary = member_motion(meeting, members[0], members[1])
    special = member_motion(
        meeting,
        members[2],
        members[3],
        code="special",
        title="New rules",
        text="That the co-operative adopts the new rules.",
    )
    services.meeting_give_notice(meeting=meeting, actor=None)
    start(meeting, members)
    ordinary.refresh_from_db()
    special.refresh_from_db()
    for i, m in enumerate(members):
        assert ordinary.ballot is not None
        assert special.ballot is not None
        vote(ordinary.ballot, m, "for" if i < 4 else "against")
        vote(special.ballot, m, "for" if i < 4 else "against")
    services.vote_take(item=ordinary, actor=None)
    services.vote_take(item=special, actor=None)
    services.meeting_close(meeting=meeting, actor=None)
    ordinary.refresh_from_db()
    special.refresh_from_db()
    return Minutes.objects.get(meeting=meeting), ordinary, special


@pytest.mark.django_db
def test_the_minutes_pdf_has_each_result_and_the_rule_applied(organisation: Organisation) -> None:
    minutes, ordinary, special = _held(organisation)
    assert (ordinary.status, special.status) == ("carried", "lost")
    text = pages(render_minutes_pdf(minutes))
    english, welsh = text[0], text[-1]
    assert english.startswith("Draft: not yet approved. Minutes of the AGM 2026")
    for title in ("Living wage", "New rules"):
        assert title in english
    assert "Carried: 57.14% of the votes cast were for" in english
    assert "It needed more than half of the votes cast (Ordinary resolution" in english
    assert "Not carried: 57.14% of the votes cast were for" in english
    assert "It needed at least two thirds of the votes cast (Special resolution" in english
    assert "Record of the votes" in english
    assert "Carried. Carried: 57.14%" in english
    assert "Living wage · resolution 1" in english
    assert "Cofnodion Cyfarfod Cyffredinol Blynyddol 2026" in welsh
    assert "Cyflog byw" in welsh
    assert "o leiaf dwy ran o dair o'r pleidleisiau a fwriwyd" in welsh


@pytest.mark.django_db
def test_the_record_of_votes_survives_editing_the_minutes(organisation: Organisation) -> None:
    minutes, _ordinary, _special = _held(organisation)
    services.minutes_edit(
        minutes=minutes,
        body="Minutes of the AGM 2026\nThe members met and talked.",
        body_cy="",
        actor=None,
    )
    minutes.refresh_from_db()
    text = pages(render_minutes_pdf(minutes))
    assert len(text) == 1  # no Welsh text: no Welsh section
    assert "The members met and talked." in text[0]
    assert "It needed more than half of the votes cast" in text[0]
    assert "It needed at least two thirds of the votes cast" in text[0]


@pytest.mark.django_db
def test_the_pdfs_download_from_the_pages(client, member, member_record, outsider, organisation):
    from tests.governance.test_pages_setup import url

    minutes, ordinary, _special = _held(organisation)
    meeting = ordinary.meeting
    client.force_login(member)
    notice = client.get(url("notice_pack_pdf", organisation.slug, meeting.pk))
    assert (notice.status_code, notice["Content-Type"]) == (200, "application/pdf")
    assert notice.content.startswith(b"%PDF-")
    pdf = client.get(url("minutes_pdf", organisation.slug, meeting.pk))
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == f'attachment; filename="minutes-{meeting.pk}.pdf"'
    assert "It needed more than half of the votes cast" in " ".join(pages(pdf.content))
    client.force_login(outsider)
    assert client.get(url("minutes_pdf", organisation.slug, meeting.pk)).status_code == 404
    assert client.get(url("notice_pack_pdf", organisation.slug, meeting.pk)).status_code == 404
    assert minutes.meeting_id == meeting.pk
