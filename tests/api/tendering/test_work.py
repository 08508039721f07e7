"""Evidence files and social value figures through the API."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from membership.models import Member
from tendering.models import Evidence, SocialValueFigure
from tests.api.tendering.conftest import client_for, counts, member_coop, url
from tests.factories import membership as mf
from tests.factories import tendering as tf


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def _file(name: str = "policy.pdf", content: bytes = b"%PDF-1.4 safeguarding") -> Any:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_co_op_uploads_evidence_about_itself(drafting, coop_user, other_coop_user):
    a = drafting.participants[0]

    made = ok(
        client_for(coop_user).post(
            url("bid-evidence", pk=drafting.bid.pk),
            {
                "title": "Safeguarding policy",
                "file": _file(),
                "participant": a.pk,
                "question": drafting.questions[1].pk,
            },
            format="multipart",
        ),
        201,
    )
    listed = ok(client_for(coop_user).get(url("bid-evidence", pk=drafting.bid.pk)))
    # Evidence about co-op A is A's part: not co-op B's to see.
    hidden = ok(client_for(other_coop_user).get(url("bid-evidence", pk=drafting.bid.pk)))

    assert (made["title"], made["member_name"], made["question"], made["uploaded_by"]) == (
        "Safeguarding policy",
        "Co-op A",
        "2.1",
        "Ann Coop-A",
    )
    assert made["filename"] == "policy.pdf"
    assert [e["title"] for e in listed["results"]] == ["Safeguarding policy"]
    assert hidden["results"] == []
    evidence = Evidence.objects.get()
    assert evidence.file.read() == b"%PDF-1.4 safeguarding"


def test_a_co_op_must_say_which_co_op_and_only_its_own(drafting, coop_user):
    client = client_for(coop_user)
    before = counts()

    unnamed = client.post(
        url("bid-evidence", pk=drafting.bid.pk),
        {"title": "Policy", "file": _file()},
        format="multipart",
    )
    another = client.post(
        url("bid-evidence", pk=drafting.bid.pk),
        {"title": "Policy", "file": _file(), "participant": drafting.participants[1].pk},
        format="multipart",
    )
    empty = client.post(
        url("bid-evidence", pk=drafting.bid.pk),
        {"title": "Policy", "file": _file(content=b""), "participant": drafting.participants[0].pk},
        format="multipart",
    )

    assert unnamed.json() == {"participant": ["Choose the co-op the evidence is about."]}
    assert another.json() == {
        "participant": ["Choose a co-op taking part in this bid that you act for."]
    }
    assert (empty.status_code, list(empty.json())) == (400, ["file"])
    assert counts() == before


def test_the_lead_uploads_evidence_for_the_whole_bid(drafting, bid_manager):
    made = ok(
        client_for(bid_manager).post(
            url("bid-evidence", pk=drafting.bid.pk),
            {"title": "Consortium agreement", "file": _file("agreement.pdf")},
            format="multipart",
        ),
        201,
    )

    assert (made["participant"], made["member_name"], made["uploaded_by"]) == (
        None,
        None,
        "Beca Bids",
    )


def test_social_value_figures_are_drawn_from_a_co_ops_register(organisation, bid_manager):
    own = mf.cooperative(slug="coop-a-own", name="Co-op A")
    for cls in ("users", "users", "workers"):
        mf.member(own, cls=cls)
    a = mf.member(
        organisation, name="Co-op A", kind=Member.Kind.ORGANISATION, member_organisation=own
    )
    world = tf.joint_bid(organisation, coops=[a, member_coop(organisation, "Co-op B")])
    today = str(timezone.localdate())
    client = client_for(bid_manager)

    made = ok(client.post(url("bid-social-value", pk=world.bid.pk), {"stated_on": today}), 201)
    listed = ok(client.get(url("bid-social-value", pk=world.bid.pk)))

    members = {
        f["code"]: (f["numerator"], f["denominator"], f["percent"])
        for f in made
        if f["member_name"] == "Co-op A" and f["code"].startswith("members_")
    }
    assert members == {
        "members_users": (2, 3, "66.7"),
        "members_workers": (1, 3, "33.3"),
        "members_supporters": (0, 3, "0.0"),
    }
    assert {f["stated_on"] for f in made} == {today}
    assert listed["count"] == len(made) == SocialValueFigure.objects.filter(bid=world.bid).count()
