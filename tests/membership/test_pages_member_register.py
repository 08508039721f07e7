"""The duplicate register (CCBS Act 2014 s.103): every entry, nobody's holdings or contact
details, each viewing logged, no download; for members and register readers only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coop.core.models import User
from membership import services
from membership.models import Member, RegisterInspection
from tests.factories import membership as mf

ROW = '<th scope="row" class="govuk-table__header">'


def register_url(org) -> str:
    return reverse("membership:duplicate_register", args=[org.slug])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("secretary", 200),
        ("board_member", 200),
        ("scrutineer", 200),
        ("bid_manager", 404),
        ("outsider", 404),
        ("applicant", 404),
    ],
)
def test_who_may_inspect_the_duplicate_register(client, request, organisation, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(register_url(organisation))

    assert response.status_code == status
    assert RegisterInspection.objects.count() == (1 if status == 200 else 0)


def test_member_of_another_coop_cannot_inspect_this_register(
    client, organisation, other_organisation
):
    user = User.objects.create_user(
        email="elsewhere@example.org", password="correct horse battery", full_name="Elin Else"
    )
    mf.member(other_organisation, name="Elin Else", user=user)
    client.force_login(user)

    assert client.get(register_url(organisation)).status_code == 404
    assert client.get(register_url(other_organisation)).status_code == 200


def test_duplicate_register_shows_entries_but_no_holdings(client, organisation, member):
    rich = mf.member(organisation, name="Rhian Rich", investor_shares=98765)
    client.force_login(member)

    response = client.get(register_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert ROW + "Rhian Rich" in html
    assert ROW + "Meinir Member" in html
    assert rich.entered_on.strftime("%-d %b %Y") in html
    for figure in ("98765", "98,765", "£987.65", "987.65", "£1.00", "Investor shares", "Shares"):
        assert figure not in html


def test_a_plain_member_sees_no_contact_details_or_member_classes(client, organisation, member):
    """Not email addresses, the purposes they were given for, postal addresses or postcodes
    (many members of a care co-operative are vulnerable adults), nor member classes (a class
    of "service users" says something about a person's health)."""
    rich = mf.member(organisation, name="Rhian Rich", investor_shares=10)
    client.force_login(member)

    html = client.get(register_url(organisation)).content.decode()

    assert ROW + "Rhian Rich" in html
    for private in (
        rich.email,
        "@example.org",
        "Stryd Fawr",
        rich.postcode,
        "Service users and carers",
        "Notices of general meetings",
        "Voting in ballots",
    ):
        assert private not in html
    assert "ask the secretary" in html


def test_each_viewing_is_logged(client, organisation, member):
    client.force_login(member)

    client.get(register_url(organisation))
    client.get(register_url(organisation), {"q": "meinir"})

    inspections = list(RegisterInspection.objects.order_by("id"))
    assert [(i.kind, i.user_id, i.as_of) for i in inspections] == [
        (RegisterInspection.Kind.DUPLICATE, member.pk, timezone.localdate()),
        (RegisterInspection.Kind.DUPLICATE, member.pk, timezone.localdate()),
    ]


def test_search_by_name(client, organisation, member):
    mf.member(organisation, name="Rhian Rich")
    mf.member(organisation, name="Rhys Jones")
    client.force_login(member)

    html = client.get(register_url(organisation), {"q": "RHIAN"}).content.decode()

    assert ROW + "Rhian Rich" in html
    assert "Rhys Jones" not in html
    assert ROW + "Meinir Member" not in html
    assert "1 entry matches “RHIAN”." in html


def test_former_members_stay_on_the_register_with_the_date_they_ceased(
    client, organisation, member
):
    former = mf.member(organisation, name="Huw Former")
    services.shares_cancel(
        member=former,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2023, 2, 1),
        reason="Left",
        actor=None,
    )
    services.member_cease(
        member=former,
        ceased_on=dt.date(2023, 2, 1),
        reason=Member.CeasedReason.WITHDRAWAL,
        actor=None,
    )
    client.force_login(member)

    html = client.get(register_url(organisation)).content.decode()

    assert "Huw Former" in html
    assert "1 Feb 2023" in html


def test_duplicate_register_is_paginated_100_a_page_with_constant_queries(
    client, organisation, member, django_assert_max_num_queries
):
    for n in range(1, 105):
        mf.member(organisation, name=f"Person {n:03d}")
    client.force_login(member)

    # Session, user, organisation, roles, the inspector's member record, the count, one page
    # of rows, the inspection logged: the same for 105 entries as for 100,000.
    with django_assert_max_num_queries(8):
        first = client.get(register_url(organisation))
    second = client.get(register_url(organisation), {"page": "2"})
    beyond = client.get(register_url(organisation), {"page": "99"})
    nonsense = client.get(register_url(organisation), {"page": "x"})

    first_html = first.content.decode()
    assert "105 entries on the register." in first_html
    assert "Page 1 of 2" in first_html
    assert "Person 099" in first_html
    assert "Person 100" not in first_html
    second_html = second.content.decode()
    assert "Person 100" in second_html
    assert "Person 104" in second_html
    assert "Person 099" not in second_html
    assert "Page 2 of 2" in beyond.content.decode()
    assert "Person 104" in beyond.content.decode()
    assert "Page 1 of 2" in nonsense.content.decode()
    assert RegisterInspection.objects.count() == 4


def test_search_keeps_its_term_across_pages(client, organisation, member):
    for n in range(1, 103):
        mf.member(organisation, name=f"Aled {n:03d}")
    client.force_login(member)

    html = client.get(register_url(organisation), {"q": "aled"}).content.decode()

    assert "102 entries match “aled”." in html
    assert 'href="?q=aled&amp;page=2"' in html


def test_duplicate_register_in_welsh(client, organisation, member):
    User.objects.filter(pk=member.pk).update(preferred_language="cy")
    client.force_login(member)

    html = client.get(register_url(organisation)).content.decode()

    assert '<html lang="cy"' in html
    assert "Cofrestr aelodau" in html
    assert "Defnyddwyr gwasanaeth a gofalwyr" not in html
