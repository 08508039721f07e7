"""Every kind of page can be reached by following links from a role's home page.

A world is built through the factories (`tests.worlds`), with objects in every state that
some page is shown only in (`tests.world_states`: a meeting under way, a closed ballot
awaiting a casting vote...); each persona signs in and follows the
`<a href>` links of the site from `/` (GET only, this site only, a bounded number of pages)
with Django's test client. Each address reached is resolved to its URL pattern. Every HTML
page pattern of the production URL conf must be reached by some persona, apart from the
explicit list below of patterns that are not pages one links to.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict, deque
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.world_states import add_states
from tests.worlds import PERSONAS, build_world, served_routes

#: Patterns that are not pages a person reaches by a link, and why.
NOT_PAGES = {
    # Downloads: linked, but a file, not a page (the crawl notes the link and fetches nothing).
    "governance:notice_pack_pdf",
    "governance:minutes_pdf",
    "voting:results_pdf",
    "voting:results_csv",
    "voting:recount_kit",
    "membership:member_certificate_pdf",
    "membership:my_account_pdf",
    "membership:my_certificate",
    "membership:export_download",
    "membership:import_template",
    "tendering:evidence_file",
    "tendering:bid_pack_pdf",
    "tendering:bid_pack_zip",
    # Reached from an email, with a one-time token.
    "password_reset_confirm",
    # Where a form sends you after it is submitted (POST, then redirect), not a link: the
    # steps of signing up, resetting a password and voting online.
    "password_reset_done",
    "password_reset_complete",
    "membership:join_done",
    "voting:vote_question",
    "voting:vote_confirm",
    "voting:vote_receipt",
    # POST-only actions (GET answers 405): buttons in forms on the pages that show them.
    "governance:agenda_move",
    "governance:requisition_sign",
    "membership:application_approve",
    "membership:application_reject",
    "membership:import_commit",
    "tendering:answer_submit",
    "tendering:bid_submit",
    "tendering:bid_transition",
    "tendering:commitment_remove",
    "tendering:signoff_record",
    "voting:proxy_present",
    "voting:proxy_revoke",
    # A form shown inside another page (starting the meeting is a form on the page for running
    # it, `governance:run`); its own address shows the form again only when it needs
    # correcting.
    "governance:meeting_start",
    # POST-only: the language switch and signing out are forms on every page.
    "language_switch",
    "logout",
    # The API and its documentation are for programs (linked from the footer for people who
    # write them, and checked by the API tests and the schemathesis run).
    "api-schema",
    "api-docs",
}
#: Links the crawl does not follow: static files, and what is not a page.
SKIP = re.compile(r"^/(static|api)/")
MAX_PAGES = 600
HREF = re.compile(r"<a\s[^>]*?href=\"([^\"]+)\"", re.IGNORECASE)


def _links(body: str) -> list[str]:
    found = []
    for raw in HREF.findall(body):
        href = html.unescape(raw)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, mailto:, or an anchor on this page
        found.append(parts.path)
    return found


def _pattern(path: str) -> str | None:
    """The full name of the URL pattern `path` resolves to (None for no route)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return ":".join(filter(None, (match.namespace, match.url_name)))


def crawl(client: Client) -> tuple[set[str], list[str]]:
    """The pattern names reached from `/`, and the links that led nowhere (404, 500).

    Links wait in one queue per pattern, and the next page fetched is always of the pattern
    fetched least so far: a page kind with many objects (members, ballots) cannot use up the
    budget before a kind seen once is fetched."""
    reached: set[str] = {"home"}
    broken: list[str] = []
    seen = {"/"}
    waiting: dict[str, deque[str]] = defaultdict(deque, {"home": deque(["/"])})
    fetched: Counter[str] = Counter()
    while any(waiting.values()) and fetched.total() < MAX_PAGES:
        name = min((n for n, q in waiting.items() if q), key=lambda n: fetched[n])
        path = waiting[name].popleft()
        fetched[name] += 1
        response = client.get(path)
        if response.status_code >= 400 and response.status_code != 403:
            broken.append(f"{path}: {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            target = _pattern(link)
            if target is None:
                broken.append(f"{link}: no route (linked from {path})")
                continue
            reached.add(target)
            if target not in NOT_PAGES and not SKIP.match(link):
                waiting[target].append(link)
    if any(waiting.values()):
        broken.append(f"more than {MAX_PAGES} pages: raise MAX_PAGES, or the crawl is lost")
    return reached, broken


def page_patterns() -> set[str]:
    """The HTML page patterns of the production URL conf."""
    return {r.name for r in served_routes() if not r.is_api and r.name not in NOT_PAGES}


@pytest.mark.django_db
def test_every_page_kind_is_reached_by_following_links_from_a_home_page(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # the notices go out, as they would
        world = build_world("aber", chair_casting_vote=True)
        add_states(world)
    reached_by: dict[str, set[str]] = {}
    broken: list[str] = []
    for persona in ("anonymous", *PERSONAS):
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(world.users[persona])
        reached, dead = crawl(client)
        reached_by[persona] = reached
        broken += [f"{persona}: {link}" for link in dead]

    reached_by_anyone = set().union(*reached_by.values())
    unreached = sorted(page_patterns() - reached_by_anyone)
    print(
        f"\nCrawl: {len(page_patterns())} page patterns, reached "
        + ", ".join(f"{p} {len(r)}" for p, r in reached_by.items())
        + f"; unreached {len(unreached)}: {unreached}"
    )
    assert broken == []
    assert unreached == []


def test_the_list_of_patterns_that_are_not_pages_names_only_served_patterns():
    served = {route.name for route in served_routes()}

    assert NOT_PAGES - served == set()
