"""Nobody reaches anything of an organisation they hold no role in: a persona × URL-pattern
matrix generated from the production URL resolver, with another world's real ids.

Two worlds are built through the factories (`tests.worlds`). Every route of `coop.urls` that
names an organisation is filled two ways with the *other* world's real values and requested
with GET and with POST by each persona of the first world (and by an anonymous visitor):

- "other": the other world's slug and ids — a guessed address of another organisation;
- "mixed": this world's own slug (and its per-organisation numbers and codes) with the other
  world's ids — an id of another organisation's object slipped into one's own address.

The answer must be "not found": 404 for a signed-in persona; for an anonymous visitor a
redirect to sign in (pages) or 401/403 (API) does as well. An answer that does not depend on
the object at all is no leak either: a method the route never answers (405), and in the
mixed case an answer equal to the one for ids that exist nowhere (a control request). Any
other answer — a page, a download, a 403 that says the object exists, a server error — is a
leak, listed with its persona, method and address. New routes join the matrix by themselves;
a parameter this suite cannot fill fails it (`tests.worlds.parameter_kind`).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.worlds import PERSONAS, Route, World, build_world, parameter_kind, served_routes

#: Pages any visitor may see, of any organisation, by design.
PUBLIC = {
    # An organisation's join page and its confirmation: anyone may apply to join.
    "membership:join",
    "membership:join_done",
    # Applying to join through the API (the join page's twin).
    "api:applications",
}
#: Parameter kinds that are an organisation's own numbers or codes, not global ids: the
#: "mixed" case keeps this world's values for them.
PER_ORGANISATION = {"member", "own_member", "position", "certificate_number", "share_class"}
NOWHERE: dict[str, int | str] = {"slug": "no-such-organisation", "share_class": "no-such-code"}
MISSING_ID = 2_147_483_000
SIGN_IN = "/accounts/sign-in/"


@dataclass(frozen=True)
class Probe:
    route: Route
    case: str  # "other" or "mixed"
    url: str
    control: str  # the same address with ids that exist nowhere


def _value(kind: str, world: World, route: Route, slug: str | None) -> int | str:
    if kind == "slug":
        return slug or world.slug_for(route.route)
    return world.values[kind]


def _nowhere(kind: str) -> int | str:
    return NOWHERE.get(kind, MISSING_ID)


def probes(routes: list[Route], home: World, other: World) -> list[Probe]:
    found = []
    for route in routes:
        if "slug" not in route.parameters or route.name in PUBLIC:
            continue
        kinds = {name: parameter_kind(route.route, name) for name in route.parameters}
        elsewhere = {name: _value(kind, other, route, None) for name, kind in kinds.items()}
        found.append(
            Probe(
                route,
                "other",
                route.url(elsewhere),
                route.url({name: _nowhere(kind) for name, kind in kinds.items()}),
            )
        )
        ids = [name for name, kind in kinds.items() if kind not in PER_ORGANISATION | {"slug"}]
        if not ids:
            continue
        own_slug = home.slug_for(route.route)
        mixed = {
            name: _value(kind, other if name in ids else home, route, own_slug)
            for name, kind in kinds.items()
        }
        control = {**mixed, **dict.fromkeys(ids, MISSING_ID)}
        found.append(Probe(route, "mixed", route.url(mixed), route.url(control)))
    return found


def _request(client: Client, method: str, url: str, api: bool):
    if method == "GET":
        return client.get(url)
    if api:
        return client.post(url, "{}", content_type="application/json")
    return client.post(url, {})


def _not_found_enough(persona: str, probe: Probe, response) -> bool:
    if response.status_code == 404:
        return True
    if persona != "anonymous":
        return False
    if probe.route.is_api:
        return response.status_code in (401, 403)
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


@pytest.fixture
def _quiet_refusals() -> Iterator[None]:
    """Thousands of refusals are expected here: Django's request log would print a line (and a
    traceback for each 403) for every one. A server error is still a failure of the test."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
@pytest.mark.usefixtures("_quiet_refusals")
def test_no_persona_reaches_another_organisations_objects_by_any_route():
    started = time.monotonic()
    home, other = build_world("aber"), build_world("bala")
    built = time.monotonic() - started
    routes = served_routes()
    matrix = probes(routes, home, other)
    clients: dict[str, Client] = {"anonymous": Client(raise_request_exception=False)}
    for persona in PERSONAS:
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(home.users[persona])

    statuses: Counter[int] = Counter()
    requests = controls = 0
    leaks: list[str] = []
    for probe in matrix:
        for method in ("GET", "POST"):
            for persona, client in clients.items():
                response = _request(client, method, probe.url, probe.route.is_api)
                requests += 1
                statuses[response.status_code] += 1
                if _not_found_enough(persona, probe, response):
                    continue
                control = _request(client, method, probe.control, probe.route.is_api)
                controls += 1
                same = control.status_code == response.status_code
                if same and (response.status_code == 405 or probe.case == "mixed"):
                    continue
                leaks.append(
                    f"{persona} {method} {probe.url} ({probe.route.name}, {probe.case}) -> "
                    f"{response.status_code}, expected 404 (ids that exist nowhere: "
                    f"{control.status_code})"
                )

    print(
        f"\nURL matrix: {len({p.route.route for p in matrix})} patterns, {len(matrix)} "
        f"addresses × GET/POST = {2 * len(matrix)} operations, {len(clients)} personas, "
        f"{requests} requests (+{controls} controls), {len(leaks)} leaks; statuses "
        f"{dict(sorted(statuses.items()))}; worlds built in {built:.1f} s, matrix in "
        f"{time.monotonic() - started - built:.1f} s"
    )
    assert leaks == [], "\n".join(leaks)


@pytest.mark.django_db
def test_the_matrix_covers_every_organisation_route_of_the_url_conf():
    """Every route that names an organisation is probed (or is public, by the list above),
    and both kinds of probe exist, so the matrix cannot quietly shrink."""
    routes = [r for r in served_routes() if "slug" in r.parameters]
    home, other = build_world("aber"), build_world("bala")

    probed = {probe.route.route for probe in probes(routes, home, other)}

    assert {r.route for r in routes if r.name not in PUBLIC} == probed
    assert {r.name for r in routes if r.name in PUBLIC} == PUBLIC
    assert len(probed) > 250
