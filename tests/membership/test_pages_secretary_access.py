"""Who may open which of the secretary's pages: a persona × page matrix.

No role in the organisation → 404 (the outsider is the secretary of another co-op); a role
but not the one needed → 404 for reads, 403 for actions; anonymous → the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from coop.core.models import AuditEvent
from membership.models import ShareTransaction
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import PERSONAS, World, build_world, signed_in


@pytest.fixture
def world(organisation, member_record) -> World:
    return build_world(organisation)


Url = Callable[[World], str]


def _org(name: str) -> Url:
    return lambda w: reverse(name, args=[w.organisation.slug])


def _member(name: str) -> Url:
    return lambda w: reverse(name, args=[w.organisation.slug, w.investor.number])


READS: dict[str, Url] = {
    "register": _org("membership:register"),
    "member": _member("membership:member"),
    "officers": _org("membership:officers"),
    "nominations": _org("membership:nominations"),
}
READ_EXPECTED = {
    "secretary": 200,
    "board_member": 200,
    "scrutineer": 200,
    "member": 404,
    "outsider": 404,
}
#: Applications and withdrawals are the board's business (on the page as in the API).
BOARD_READS: dict[str, Url] = {
    "applications": _org("membership:applications"),
    "withdrawals": _org("membership:withdrawals"),
}
BOARD_READ_EXPECTED = {
    "secretary": 200,
    "board_member": 200,
    "scrutineer": 404,
    "member": 404,
    "outsider": 404,
}
#: The terms of the share classes are for everyone with a role (as in the API).
ALL_READS: dict[str, Url] = {"share_classes": _org("membership:share_classes")}
ALL_READ_EXPECTED = {
    "secretary": 200,
    "board_member": 200,
    "scrutineer": 200,
    "member": 200,
    "outsider": 404,
}

SECRETARY_ACTIONS: dict[str, Url] = {
    name: _member(f"membership:{name}")
    for name in (
        "member_allot",
        "member_payment",
        "member_transfer",
        "member_cancel",
        "member_interest",
        "member_death_transfer",
        "member_contact",
        "member_suspend",
        "member_cease",
        "member_erase",
        "member_link_user",
        "member_joint_holder_add",
        "member_nomination_record",
        "member_certificate_issue",
        "member_withdrawal_request",
    )
} | {
    "member_reinstate": _member("membership:member_reinstate"),
    "member_representative_add": _member("membership:member_representative_add"),
    "member_ledger_correct": lambda w: reverse(
        "membership:member_ledger_correct",
        args=[w.organisation.slug, w.investor.number, w.entry.pk],
    ),
    "member_nomination_revoke": lambda w: reverse(
        "membership:member_nomination_revoke",
        args=[w.organisation.slug, w.investor.number, w.nomination.pk],
    ),
    "withdrawal_pay": lambda w: reverse(
        "membership:withdrawal_pay", args=[w.organisation.slug, w.withdrawal.pk]
    ),
    "withdrawal_cancel": lambda w: reverse(
        "membership:withdrawal_cancel", args=[w.organisation.slug, w.withdrawal.pk]
    ),
    "officer_appoint": _org("membership:officer_appoint"),
    "officer_end": lambda w: reverse(
        "membership:officer_end", args=[w.organisation.slug, w.officer.pk]
    ),
}
SECRETARY_EXPECTED = {
    "secretary": 200,
    "board_member": 403,
    "scrutineer": 403,
    "member": 403,
    "outsider": 404,
}

BOARD_ACTIONS: dict[str, Url] = {
    "application_decide": lambda w: reverse(
        "membership:application_decide", args=[w.organisation.slug, w.application.pk]
    ),
    "withdrawal_decide": lambda w: reverse(
        "membership:withdrawal_decide", args=[w.organisation.slug, w.withdrawal.pk]
    ),
    "share_class_suspend": lambda w: reverse(
        "membership:share_class_suspend", args=[w.organisation.slug, "investor"]
    ),
    "share_class_resume": lambda w: reverse(
        "membership:share_class_resume", args=[w.organisation.slug, "investor"]
    ),
}
BOARD_EXPECTED = {
    "secretary": 200,
    "board_member": 200,
    "scrutineer": 403,
    "member": 403,
    "outsider": 404,
}

EXPORT_READS: dict[str, Url] = {
    "exports": _org("membership:exports"),
    "audit_log": _org("membership:audit_log"),
}
EXPORT_EXPECTED = {
    "secretary": 200,
    "board_member": 404,
    "scrutineer": 200,
    "member": 404,
    "outsider": 404,
}


def _matrix(pages: dict[str, Url], expected: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(page, persona, expected.get(persona, 302)) for page in pages for persona in PERSONAS]


def _check(response, status: int) -> None:
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("page", "persona", "status"), _matrix(READS, READ_EXPECTED))
def test_register_reading_pages(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(READS[page](world))
    _check(response, status)


@pytest.mark.parametrize(("page", "persona", "status"), _matrix(BOARD_READS, BOARD_READ_EXPECTED))
def test_board_reading_pages(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(BOARD_READS[page](world))
    _check(response, status)


@pytest.mark.parametrize(("page", "persona", "status"), _matrix(ALL_READS, ALL_READ_EXPECTED))
def test_pages_for_every_role(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(ALL_READS[page](world))
    _check(response, status)


@pytest.mark.parametrize(
    ("page", "persona", "status"), _matrix(SECRETARY_ACTIONS, SECRETARY_EXPECTED)
)
def test_secretary_action_pages(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(SECRETARY_ACTIONS[page](world))
    _check(response, status)


@pytest.mark.parametrize(("page", "persona", "status"), _matrix(BOARD_ACTIONS, BOARD_EXPECTED))
def test_board_decision_pages(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(BOARD_ACTIONS[page](world))
    _check(response, status)


@pytest.mark.parametrize(("page", "persona", "status"), _matrix(EXPORT_READS, EXPORT_EXPECTED))
def test_export_and_audit_pages(client, request, world, page, persona, status):
    response = signed_in(client, request, persona).get(EXPORT_READS[page](world))
    _check(response, status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_hub(client, request, world, persona):
    response = signed_in(client, request, persona).get(
        reverse("membership:organisation", args=[world.organisation.slug])
    )
    _check(response, {"outsider": 404, "anonymous": 302}.get(persona, 200))


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "member"])
def test_a_post_to_a_secretary_action_without_the_role_is_refused(client, request, world, persona):
    signed_in(client, request, persona)
    before = ShareTransaction.objects.count(), AuditEvent.objects.count()
    response = client.post(
        SECRETARY_ACTIONS["member_allot"](world),
        {
            "share_class": mf.share_class(world.organisation, "investor").pk,
            "shares": "5",
            "effective_on": "2025-02-01",
        },
    )
    assert response.status_code == 403
    assert (ShareTransaction.objects.count(), AuditEvent.objects.count()) == before


def test_guessed_member_number_of_another_organisation_is_not_found(
    client, world, outsider, other_organisation
):
    """The outsider is secretary of the other co-op: under their own slug, a member number
    that exists only in `organisation` is not found, and nothing leaks through it."""
    mf.member(other_organisation, name="Own Member")
    own_numbers = set(other_organisation.members.values_list("number", flat=True))
    assert world.investor.number not in own_numbers
    client.force_login(outsider)
    for name in ("membership:member", "membership:member_allot"):
        response = client.get(reverse(name, args=[other_organisation.slug, world.investor.number]))
        assert response.status_code == 404


def test_guessed_withdrawal_and_application_of_another_organisation_are_not_found(
    client, world, outsider, other_organisation
):
    client.force_login(outsider)
    slug = other_organisation.slug
    before = AuditEvent.objects.count()
    for url in (
        reverse("membership:withdrawal_decide", args=[slug, world.withdrawal.pk]),
        reverse("membership:withdrawal_pay", args=[slug, world.withdrawal.pk]),
        reverse("membership:application_decide", args=[slug, world.application.pk]),
        reverse("membership:officer_end", args=[slug, world.officer.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("membership:withdrawal_cancel", args=[slug, world.withdrawal.pk]),
        {"reason": "guess"},
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_ledger_entry_of_another_member_is_not_found(client, world, secretary):
    client.force_login(secretary)
    url = reverse(
        "membership:member_ledger_correct",
        args=[world.organisation.slug, world.other.number, world.entry.pk],
    )
    assert client.get(url).status_code == 404
