"""Every kind of page can be reached by following links from a role's home page.

A world is built through the factories (`tests.worlds`); each persona signs in and follows the
`<a href>` links of the site from `/` (GET only, this site only, a bounded number of pages)
with Django's test client. Each address reached is resolved to its URL pattern. Every HTML
page pattern of the production URL conf must be reached by some persona, apart from the
explicit list below of patterns that are not pages one links to.
"""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

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
MAX_PAGES = 400
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


def crawl(client: Client) -> tuple[set[str], list[str]]:
    """The pattern names reached from `/`, and the links that led nowhere (404, 500)."""
    reached: set[str] = set()
    broken: list[str] = []
    seen = {"/"}
    queue = deque(["/"])
    fetched = 0
    while queue and fetched < MAX_PAGES:
        path = queue.popleft()
        try:
            match = resolve(path)
        except Resolver404:
            broken.append(f"{path}: no route")
            continue
        name = ":".join(filter(None, (match.namespace, match.url_name)))
        reached.add(name)
        if name in NOT_PAGES or SKIP.match(path):
            continue
        response = client.get(path)
        fetched += 1
        if response.status_code >= 400 and response.status_code != 403:
            broken.append(f"{path}: {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return reached, broken


def page_patterns() -> set[str]:
    """The HTML page patterns of the production URL conf."""
    return {r.name for r in served_routes() if not r.is_api and r.name not in NOT_PAGES}


@pytest.mark.django_db
def test_every_page_kind_is_reached_by_following_links_from_a_home_page():
    world = build_world("aber")
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
