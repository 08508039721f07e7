"""The edges every request meets: OPTIONS on every API route, JSON errors under /api/ (where no
API view is reached too), the lockout's 429, the Permissions-Policy header, no Django admin,
and the bid manager's home page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axes.utils import reset
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coop.core.middleware import permissions_policy_header
from tests.factories import tendering as tf
from tests.worlds import build_world, route_kwargs, served_routes

PASSWORD = "correct horse battery"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttles(db) -> Iterator[None]:
    cache.clear()
    reset()
    yield
    cache.clear()
    reset()


# --- OPTIONS ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_options_describes_every_api_route_without_a_server_error():
    """Each API route of the production URL conf, filled with a world's real ids, answers
    OPTIONS as the person who runs it (the secretary; the bid manager for joint bids) with a
    JSON description, or 404 where they may not see the object — never DRF's assertion."""
    world = build_world("aber")
    clients = {}
    for persona in ("secretary", "bid_manager"):
        clients[persona] = Client()  # raises, so a server error fails here with its traceback
        clients[persona].force_login(world.users[persona])
    described = 0
    routes = [r for r in served_routes() if r.route.startswith("api/v1/")]
    for route in routes:
        kwargs = route_kwargs(route.route, world) if route.parameters else {}
        persona = (
            "bid_manager" if world.slug_for(route.route) == world.consortium.slug else ("secretary")
        )
        response = clients[persona].options(route.url(kwargs))
        assert response.status_code in (200, 404), (route.route, response.status_code)
        assert response["Content-Type"] == "application/json", route.route
        if response.status_code == 200:
            body = response.json()
            assert "OPTIONS" in body["allowed_methods"]
            assert set(response["Allow"].replace(" ", "").split(",")) == set(
                body["allowed_methods"]
            )
            assert "application/json" in body["renders"]
            assert body["schema"] == "http://testserver/api/schema/"
            described += 1
    print(f"\nOPTIONS: {described} of {len(routes)} API routes described, the rest 404")
    assert described > len(routes) * 0.8


def test_options_answers_404_to_someone_who_may_not_see_the_organisation(
    client: Client, organisation, outsider
):
    client.force_login(outsider)

    response = client.options(f"/api/v1/organisations/{organisation.slug}/members/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- JSON errors under /api/ ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations/dyfi-care/ballots/abc/",
        "/api/v1/organisations/dyfi-care/members/1x/",
        "/api/v1/no-such-thing/",
        "/api/nothing",
    ],
)
def test_an_api_address_no_route_matches_answers_the_documented_json_404(
    client: Client, secretary, path
):
    client.force_login(secretary)

    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_no_route_matches_still_answers_the_html_page(client: Client, db):
    response = client.get("/o/dyfi-care/ballots/abc/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"<html" in response.content


def test_a_method_an_api_route_does_not_answer_is_a_json_405(client: Client, secretary):
    client.force_login(secretary)

    response = client.post("/api/v1/me/", {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_a_server_error_under_the_api_is_json(rf):
    from coop.views import server_error

    response = server_error(rf.get("/api/v1/me/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": "A server error occurred."}'


def test_signing_out_without_a_token_answers_401_in_the_error_shape(client: Client, db):
    response = client.delete(TOKEN_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_the_lockout_on_the_token_endpoint_is_json_429(client: Client, secretary):
    """django-axes pauses signing in after AXES_FAILURE_LIMIT wrong passwords; on the API it
    answers in the API's error shape, with Retry-After."""
    wrong = {"email": "secretary@example.org", "password": "wrong password"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(TOKEN_URL, wrong, content_type="application/json").status_code == 400

    response = client.post(TOKEN_URL, wrong, content_type="application/json")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "900"
    assert response.json() == {
        "detail": "You entered a wrong email address or password too many times. For your "
        "security, signing in is paused for 15 minutes."
    }
    right = {"email": "secretary@example.org", "password": PASSWORD}
    assert client.post(TOKEN_URL, right, content_type="application/json").status_code == 429


def test_the_lockout_on_the_sign_in_page_stays_a_page(client: Client, secretary):
    form = {"username": "secretary@example.org", "password": "wrong password"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), form)

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "900"
    assert "Too many attempts to sign in" in response.content.decode()


def test_drf_throttling_answers_json_429(client: Client, db):
    """The token endpoint's throttle (10 a minute) answers in the error shape; each attempt
    names another email address, so django-axes locks nobody out first."""
    answers = [
        client.post(
            TOKEN_URL, {"email": f"nobody{n}@example.org", "password": "x"}, "application/json"
        ).status_code
        for n in range(10)
    ]
    response = client.post(
        TOKEN_URL, {"email": "nobody@example.org", "password": "x"}, "application/json"
    )

    assert answers == [400] * 10
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"].startswith("Request was throttled.")


# --- Permissions-Policy ----------------------------------------------------------------------

DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth")


@pytest.mark.parametrize(
    "path", ["/", "/accounts/sign-in/", "/api/schema/", "/api/v1/me/", "/no-such-page/"]
)
def test_every_response_denies_powerful_browser_features(client: Client, db, path):
    response = client.get(path)

    policy = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in DENIED:
        assert policy[feature] == "()", feature


def test_the_permissions_policy_header_is_written_from_the_setting():
    assert permissions_policy_header({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


# --- No Django admin -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/core/user/"])
def test_there_is_no_django_admin(client: Client, db, path):
    staff = client.get(path)

    assert staff.status_code == 404
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


# --- The bid manager's home ------------------------------------------------------------------


def test_a_bid_managers_home_links_to_the_bids_under_way(client: Client, db):
    consortium = tf.consortium()
    tf.joint_bid(consortium, stage="approved")
    manager = tf.user("Beca Bids")
    from coop.core.permissions import Role
    from coop.core.services import role_grant

    role_grant(organisation=consortium, user=manager, role=Role.BID_MANAGER, actor=None)
    client.force_login(manager)

    html = client.get(reverse("home")).content.decode()

    bids = reverse("tendering:index", args=[consortium.slug])
    assert f'<a class="govuk-link" href="{bids}">1 joint bid under way</a>' in html
    assert "Nothing needs your attention." not in html
