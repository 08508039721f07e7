"""Shared fixtures: the personas of the house style, and the skip rules for PostgreSQL and
browser tests (which CI turns into failures with CYD_REQUIRE_POSTGRES / CYD_REQUIRE_BROWSER)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership.models import Member, Organisation
from tests.factories import membership as mf


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _require_postgres(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") is None:
        return
    if connection.vendor != "postgresql":
        if os.environ.get("CYD_REQUIRE_POSTGRES") == "1":
            pytest.fail("CYD_REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db) -> Organisation:
    """A multi-stakeholder social care co-op with its rules, classes and share classes."""
    return mf.cooperative()


@pytest.fixture
def other_organisation(db) -> Organisation:
    return mf.cooperative(slug="other-coop", name="Other Care Co-operative")


def _user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password="correct horse battery", full_name=name)


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def applicant(db) -> User:
    """Signed in, but holds no role anywhere yet."""
    return _user("applicant@example.org", "Ann Applicant")


@pytest.fixture
def secretary(organisation: Organisation) -> User:
    user = _user("secretary@example.org", "Siân Secretary")
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


@pytest.fixture
def board_member(organisation: Organisation) -> User:
    user = _user("board@example.org", "Bryn Board")
    role_grant(organisation=organisation, user=user, role=Role.BOARD_MEMBER, actor=None)
    return user


@pytest.fixture
def scrutineer(organisation: Organisation) -> User:
    user = _user("scrutineer@example.org", "Sam Scrutineer")
    role_grant(organisation=organisation, user=user, role=Role.SCRUTINEER, actor=None)
    return user


@pytest.fixture
def bid_manager(organisation: Organisation) -> User:
    user = _user("bids@example.org", "Beca Bids")
    role_grant(organisation=organisation, user=user, role=Role.BID_MANAGER, actor=None)
    return user


@pytest.fixture
def member_record(organisation: Organisation) -> Member:
    user = _user("member@example.org", "Meinir Member")
    return mf.member(organisation, name="Meinir Member", user=user)


@pytest.fixture
def member(member_record: Member) -> User:
    """A signed-in member of `organisation` (with one qualifying share)."""
    assert member_record.user is not None
    return member_record.user


@pytest.fixture
def outsider(other_organisation: Organisation) -> User:
    """The secretary of another organisation: holds no role in `organisation`."""
    user = _user("outsider@example.org", "Owen Outsider")
    role_grant(organisation=other_organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


@pytest.fixture(autouse=True)
def _reset_language():
    """A Welsh request must not leave Welsh active for the next test in the same worker."""
    from django.utils import translation

    yield
    translation.activate("en-gb")
