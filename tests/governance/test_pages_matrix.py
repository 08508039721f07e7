"""Every governance page, generated from the URL conf that is served: a persona × page matrix
for GET and for POST (with the real predicates behind it), and guessed ids of another
organisation's meetings, motions, amendments, agenda items and requisitions answering 404.

A new route cannot escape: the test fails until the route has a row here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from governance import services
from governance import urls as governance_urls
from governance.models import AgendaItem, Amendment, Meeting, Motion, Requisition
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    PERSONAS,
    amend,
    called_agm,
    counts,
    plan_agm,
    signed_in,
    start,
)

PASS = 0  # passes the gate: not sent as a POST (what it then does is each page's own test)

# Codes by persona, in the order of PERSONAS: secretary, board member, scrutineer, member,
# bid manager, outsider, anonymous.
VIEW = (200, 200, 200, 200, 404, 404, 302)
SECRETARY_READ = (200, 404, 404, 404, 404, 404, 302)
SECRETARY_ACTION = (200, 403, 403, 403, 404, 404, 302)
BOARD_ACTION = (200, 200, 403, 403, 404, 404, 302)
MEMBER_ACTION = (200, 200, 200, 200, 404, 404, 302)
OWN_PROXY = (404, 404, 404, 200, 404, 404, 302)  # only the member holds a proxy here
NOT_GET = (405, 405, 405, 405, 405, 405, 302)

GET_ONLY_POST = (405, 405, 405, 405, 405, 405, 302)
SECRETARY_POST = (PASS, 403, 403, 403, 404, 404, 302)
BOARD_POST = (PASS, PASS, 403, 403, 404, 404, 302)
MEMBER_POST = (PASS, PASS, PASS, PASS, 404, 404, 302)
OWN_PROXY_POST = (404, 404, 404, PASS, 404, 404, 302)


@dataclass(frozen=True)
class Things:
    organisation: Organisation
    meeting: Meeting  # an AGM under notice
    motion: Motion  # admitted, with online voting open
    amendment: Amendment  # waiting for a seconder
    item: AgendaItem
    held: Meeting  # closed, with draft minutes
    requisition: Requisition


def build(organisation: Organisation, member: Member | None = None) -> Things:
    agm = called_agm(organisation)
    if member is not None:
        services.meeting_proxy_appoint(
            meeting=agm.meeting,
            member=member,
            kind="discretionary",
            holder_name="The chair of the meeting",
            actor=None,
        )
    held = plan_agm(organisation, title="AGM 2025", days=35)
    services.meeting_give_notice(meeting=held, actor=None)
    held = start(held, agm.members[:3])
    services.meeting_close(meeting=held, actor=None)
    requisition = services.requisition_start(
        organisation=organisation, member=agm.members[4], purpose="Discuss the merger", actor=None
    )
    return Things(
        organisation=organisation,
        meeting=agm.meeting,
        motion=agm.motion,
        amendment=amend(agm.motion, agm.members[2]),
        item=agm.meeting.agenda.order_by("position").first(),
        held=held,
        requisition=requisition,
    )


Args = Callable[[Things], list[Any]]


def none(t: Things) -> list[Any]:
    return []


def meeting(t: Things) -> list[Any]:
    return [t.meeting.pk]


def held(t: Things) -> list[Any]:
    return [t.held.pk]


def item(t: Things) -> list[Any]:
    return [t.meeting.pk, t.item.pk]


def motion(t: Things) -> list[Any]:
    return [t.motion.pk]


def amendment(t: Things) -> list[Any]:
    return [t.amendment.pk]


def requisition(t: Things) -> list[Any]:
    return [t.requisition.pk]


#: Each route: what it is aimed at, and the codes of GET and of an empty POST by persona.
PAGES: dict[str, tuple[Args, tuple[int, ...], tuple[int, ...]]] = {
    "meetings": (none, VIEW, GET_ONLY_POST),
    "meeting_plan": (none, SECRETARY_ACTION, SECRETARY_POST),
    "motions_to_second": (none, VIEW, GET_ONLY_POST),
    "requisitions": (none, VIEW, GET_ONLY_POST),
    "requisition_start": (none, MEMBER_ACTION, MEMBER_POST),
    "resolutions": (none, VIEW, GET_ONLY_POST),
    "meeting": (meeting, VIEW, GET_ONLY_POST),
    "notice_pack_pdf": (meeting, VIEW, GET_ONLY_POST),
    "meeting_change": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "meeting_cancel": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "motion_submit": (meeting, MEMBER_ACTION, MEMBER_POST),
    "board_motion_add": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "proxy_appoint": (meeting, MEMBER_ACTION, MEMBER_POST),
    "proxy_revoke": (meeting, OWN_PROXY, OWN_PROXY_POST),
    "agenda": (meeting, SECRETARY_ACTION, GET_ONLY_POST),
    "agenda_add": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "agenda_move": (item, NOT_GET, SECRETARY_POST),
    "agenda_item_progress": (item, SECRETARY_ACTION, SECRETARY_POST),
    "notice_give": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "notice_progress": (meeting, SECRETARY_READ, GET_ONLY_POST),
    "notice_resend": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "run": (meeting, SECRETARY_READ, GET_ONLY_POST),
    "check_in": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "quorum": (meeting, SECRETARY_READ, GET_ONLY_POST),
    "meeting_start": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "meeting_adjourn": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "meeting_resume": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "meeting_close": (meeting, SECRETARY_ACTION, SECRETARY_POST),
    "minutes": (held, VIEW, GET_ONLY_POST),
    "minutes_edit": (held, SECRETARY_ACTION, SECRETARY_POST),
    "minutes_approve": (held, SECRETARY_ACTION, SECRETARY_POST),
    "minutes_pdf": (held, VIEW, GET_ONLY_POST),
    "motion": (motion, VIEW, GET_ONLY_POST),
    "motion_second": (motion, MEMBER_ACTION, MEMBER_POST),
    "motion_withdraw": (motion, MEMBER_ACTION, MEMBER_POST),
    "motion_admissibility": (motion, BOARD_ACTION, BOARD_POST),
    "confirmation_propose": (motion, SECRETARY_ACTION, SECRETARY_POST),
    "amendment_submit": (motion, MEMBER_ACTION, MEMBER_POST),
    "motion_vote": (motion, SECRETARY_ACTION, SECRETARY_POST),
    "motion_hands": (motion, SECRETARY_ACTION, SECRETARY_POST),
    "amendment_second": (amendment, MEMBER_ACTION, MEMBER_POST),
    "amendment_withdraw": (amendment, MEMBER_ACTION, MEMBER_POST),
    "amendment_rule_out": (amendment, SECRETARY_ACTION, SECRETARY_POST),
    "amendment_vote": (amendment, SECRETARY_ACTION, SECRETARY_POST),
    "amendment_hands": (amendment, SECRETARY_ACTION, SECRETARY_POST),
    "requisition_sign": (requisition, NOT_GET, MEMBER_POST),
    "requisition_called": (requisition, SECRETARY_ACTION, SECRETARY_POST),
}


@pytest.fixture
def organisation(db) -> Organisation:
    """The personas' co-op, with rules that allow proxies (for the member's own proxy)."""
    return mf.cooperative(proxies_allowed=True, proxy_limit=2)


def test_every_governance_route_is_in_the_matrix():
    served = {p.name for p in governance_urls.urlpatterns if isinstance(p, URLPattern)}
    assert served == set(PAGES)


def _url(name: str, slug: str, things: Things) -> str:
    return reverse(f"governance:{name}", args=[slug, *PAGES[name][0](things)])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_reach_each_page(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    organisation: Organisation,
    member_record: Member,
) -> None:
    """GET every page, and POST an empty form to each one the persona may not use: the code
    the one rule gives, and nothing written by any refused POST."""
    things = build(organisation, member_record)
    signed_in(client, request, persona)
    index = PERSONAS.index(persona)
    seen, wanted = {}, {}
    for name, (_args, get_codes, _post_codes) in PAGES.items():
        seen[f"GET {name}"] = client.get(_url(name, organisation.slug, things)).status_code
        wanted[f"GET {name}"] = get_codes[index]
    before = counts()
    for name, (_args, _get_codes, post_codes) in PAGES.items():
        if post_codes[index] == PASS:
            continue
        seen[f"POST {name}"] = client.post(_url(name, organisation.slug, things)).status_code
        wanted[f"POST {name}"] = post_codes[index]
    assert seen == wanted
    assert counts() == before


@pytest.mark.django_db
def test_guessed_ids_of_another_organisation_answer_404(
    client: Client, secretary, organisation: Organisation, other_organisation: Organisation
) -> None:
    """Our secretary, with the ids of the other co-op's meetings, motions, amendments,
    agenda items and requisitions under our address, and ours under theirs: 404 for every
    page that takes an id, by GET and by POST, and nothing written."""
    ours = build(organisation)
    theirs = build(other_organisation)
    client.force_login(secretary)
    before = counts()
    seen = {}
    for name, (args, get_codes, post_codes) in PAGES.items():
        if args is none:
            continue
        for label, slug, aimed in (
            ("theirs", organisation.slug, theirs),
            ("ours", "other-coop", ours),
        ):
            target = _url(name, slug, aimed)
            if get_codes[0] != 405:
                seen[f"GET {name} {label}"] = client.get(target).status_code
            if post_codes[0] != 405:
                seen[f"POST {name} {label}"] = client.post(target, {"reason": "x"}).status_code
    assert seen == dict.fromkeys(seen, 404)
    assert len(seen) > 80
    assert counts() == before
