"""The demo's registers: a consortium of three social care co-ops in Mid Wales.

`load(stdout)` builds them through the membership services, with a fixed random seed (so
every run builds the same data), and returns the context later demo modules build on: the
organisations and the demo users. It is idempotent: an organisation whose slug exists is
left as it is, and the demo users and their roles are refreshed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from coop.demo.consortium import CONSORTIUM_SLUG, build_consortium
from coop.demo.cooperatives import (
    SUPPORTERS_CLASS,
    USERS_CLASS,
    WORKERS_CLASS,
    ClassSpec,
    CoopSpec,
    build_structure,
)
from coop.demo.history import History
from coop.demo.people import MACHYNLLETH, NEWTOWN, RHAYADER
from membership.models import (
    Organisation,
)

PASSWORD = "cyd-demo-2026"  # noqa: S105 - the documented password of the demo accounts
SEED = 2026
#: The demo's history stops here (or 30 days before today, if that is earlier).
HISTORY_END = dt.date(2026, 6, 30)
EMAIL_DOMAIN = "cyd.example"


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    full_name: str
    language: str = "en-gb"


COOPS = (
    CoopSpec(
        slug="gofal-dyfi",
        short="dyfi",
        name="Gofal Dyfi Care",
        name_cy="Gofal Dyfi",
        place=MACHYNLLETH,
        registered_on=dt.date(2016, 5, 12),
        registered_number="31452R",
        office="Y Plas\nHeol Aberystwyth\nMachynlleth\nSY20 8ER",
        classes=(
            replace(
                USERS_CLASS, count=110, vote_share_percent=Decimal("40"), reserved_board_seats=2
            ),
            replace(
                WORKERS_CLASS, count=70, vote_share_percent=Decimal("40"), reserved_board_seats=2
            ),
            replace(SUPPORTERS_CLASS, count=60, reserved_board_seats=1),
        ),
        quorum_members=10,
        quorum_percent=Decimal("10"),
    ),
    CoopSpec(
        slug="cwm-elan",
        short="elan",
        name="Cartrefi Cwm Elan",
        name_cy="Cartrefi Cwm Elan",
        place=RHAYADER,
        registered_on=dt.date(2017, 9, 4),
        registered_number="32017R",
        office="Canolfan Cwm Elan\nEast Street\nRhayader\nLD6 5ER",
        classes=(
            replace(
                USERS_CLASS, count=100, vote_share_percent=Decimal("35"), reserved_board_seats=2
            ),
            replace(
                WORKERS_CLASS, count=80, vote_share_percent=Decimal("35"), reserved_board_seats=2
            ),
            replace(SUPPORTERS_CLASS, count=70, reserved_board_seats=1),
            ClassSpec(
                "investors",
                "Investor members",
                "Aelodau buddsoddi",
                "People and organisations who invest in the co-op's community shares.",
                "Pobl a sefydliadau sy'n buddsoddi yng nghyfranddaliadau cymunedol y gydweithfa.",
                45,
                vote_cap_percent=Decimal("10"),
            ),
        ),
        quorum_members=15,
        quorum_percent=Decimal("5"),
        proxies_allowed=True,
        community_shares=True,
        rules_amended_on=dt.date(2023, 9, 23),
    ),
    CoopSpec(
        slug="hafren",
        short="hafren",
        name="Hafren Home Care Co-operative",
        name_cy="Cydweithfa Gofal Cartref Hafren",
        place=NEWTOWN,
        registered_on=dt.date(2018, 3, 19),
        registered_number="33108R",
        office="Hafren House\nSevern Street\nNewtown\nSY16 2AG",
        classes=(
            replace(USERS_CLASS, count=90, reserved_board_seats=2),
            replace(WORKERS_CLASS, count=75, reserved_board_seats=2),
            replace(SUPPORTERS_CLASS, count=45, reserved_board_seats=1),
        ),
        quorum_members=12,
        quorum_percent=Decimal("10"),
    ),
)

STAFF_NAMES = {
    "dyfi": ("Siân Roberts", "Gethin Pugh", "Mererid Owen", "Eirlys Jones", "Tomos Llŷr"),
    "elan": ("Rhodri Bevan", "Nia Pryce", "Huw Gittins", "Margaret Hamer", "Seren Watkins"),
    "hafren": ("Helen Corfield", "Dylan Breeze", "Ifan Mytton", "John Bennett", "Gwenllian Ŵyn"),
}


def demo_users() -> list[DemoUser]:
    """Every demo account: per co-op a secretary, a board member, a scrutineer and two
    members (the second prefers Welsh); for the consortium a secretary and a bid manager."""
    users = []
    for spec in COOPS:
        secretary, board, scrutineer, member1, member2 = STAFF_NAMES[spec.short]
        for key, name, language in (
            ("secretary", secretary, "en-gb"),
            ("board", board, "en-gb"),
            ("scrutineer", scrutineer, "en-gb"),
            ("member1", member1, "en-gb"),
            ("member2", member2, "cy"),
        ):
            users.append(
                DemoUser(
                    f"{key}.{spec.short}", f"{key}.{spec.short}@{EMAIL_DOMAIN}", name, language
                )
            )
    users += [
        DemoUser("secretary.canolbarth", f"secretary.canolbarth@{EMAIL_DOMAIN}", "Lowri Meredith"),
        DemoUser("bids", f"bids@{EMAIL_DOMAIN}", "Catrin Humphreys"),
    ]
    return users


def _user(spec: DemoUser, password_hash: str) -> User:
    """Create the account, or reset its name, language and password to the demo's."""
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User.objects.create_user(email=spec.email, password=None, full_name=spec.full_name)
    user.full_name = spec.full_name
    user.preferred_language = spec.language
    user.is_active = True
    # One hash for every account: Argon2 is slow on purpose.
    user.password = password_hash
    user.save()
    return user


def _staff(users: dict[str, User], short: str) -> dict[str, User]:
    return {
        key: users[f"{key}.{short}"]
        for key in ("secretary", "board", "scrutineer", "member1", "member2")
    }


def staff_roles() -> dict[str, list[tuple[str, Role]]]:
    """Organisation slug → (demo user key, role) of the staff (members get the member role
    when their member record is linked)."""
    roles: dict[str, list[tuple[str, Role]]] = {
        spec.slug: [
            (f"secretary.{spec.short}", Role.SECRETARY),
            (f"board.{spec.short}", Role.BOARD_MEMBER),
            (f"scrutineer.{spec.short}", Role.SCRUTINEER),
        ]
        for spec in COOPS
    }
    roles[CONSORTIUM_SLUG] = [
        ("secretary.canolbarth", Role.SECRETARY),
        ("secretary.canolbarth", Role.BOARD_MEMBER),
        ("bids", Role.BID_MANAGER),
    ]
    return roles


def _grant_staff_roles(slug: str, users: dict[str, User]) -> None:
    """Give the demo staff their roles (again: granting a role held is a no-op)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return
    for key, role in staff_roles()[slug]:
        role_grant(organisation=organisation, user=users[key], role=role, actor=None)


def history_end() -> dt.date:
    return min(HISTORY_END, timezone.localdate() - dt.timedelta(days=30))


def load(stdout: Writer) -> dict[str, Any]:
    """Build the demo registers (once) and return what later demo modules need:
    `organisations` (slug → organisation), `cooperatives`, `consortium`, `users` (key →
    user), `password` and `stdout`."""
    with transaction.atomic():
        password_hash = make_password(PASSWORD)
        users = {spec.key: _user(spec, password_hash) for spec in demo_users()}
        coops = []
        end = history_end()
        for index, spec in enumerate(COOPS):
            existing = Organisation.objects.filter(slug=spec.slug).first()
            if existing is not None:
                stdout.write(f"{spec.name}: already loaded, left as it is.")
                coops.append(existing)
                continue
            staff = _staff(users, spec.short)
            structure = build_structure(spec)
            members = History(
                spec,
                structure,
                staff=staff,
                rng=random.Random(SEED + index),
                end=end,
            ).write()
            coops.append(structure.organisation)
            stdout.write(f"{spec.name}: {len(members)} members with their share ledger.")
        consortium = Organisation.objects.filter(slug=CONSORTIUM_SLUG).first()
        if consortium is None:
            consortium = build_consortium(
                [(spec.short, coop) for spec, coop in zip(COOPS, coops, strict=True)],
                users,
                random.Random(SEED),
            )
            stdout.write(f"{consortium.name}: 3 member co-operatives.")
        else:
            stdout.write(f"{consortium.name}: already loaded, left as it is.")
        for org in [*coops, consortium]:
            _grant_staff_roles(org.slug, users)
    organisations = {org.slug: org for org in [*coops, consortium]}
    return {
        "stdout": stdout,
        "password": PASSWORD,
        "organisations": organisations,
        "cooperatives": coops,
        "consortium": consortium,
        "users": users,
    }
