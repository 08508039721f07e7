"""The home page: a start button for visitors, organisations and roles for signed-in users."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coop.core.permissions import Role
from coop.core.services import role_grant
from tests.factories import membership as mf


def test_an_anonymous_visitor_sees_the_sign_in_start_button(client: Client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{reverse("login")}" role="button"' in html
    assert "govuk-button--start" in html
    assert "Your organisations" not in html


def test_a_signed_in_user_sees_each_organisation_with_their_roles(
    client: Client, organisation, other_organisation, secretary
):
    role_grant(organisation=organisation, user=secretary, role=Role.SCRUTINEER, actor=None)
    role_grant(organisation=other_organisation, user=secretary, role=Role.MEMBER, actor=None)
    client.force_login(secretary)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    items = response.context["organisations"]
    # Organisations by name ("Dyfi…" before "Other…"); roles in a fixed order.
    assert [(i["organisation"], [r.value for r in i["roles"]]) for i in items] == [
        (organisation, ["scrutineer", "secretary"]),
        (other_organisation, ["member"]),
    ]
    html = response.content.decode()
    assert organisation.name in html
    assert other_organisation.name in html
    assert f'href="{reverse("membership:organisation", args=[organisation.slug])}"' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Secretary</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Member</strong>' in html
    assert "Nothing needs your attention." in html
    assert "govuk-button--start" not in html


def test_a_user_without_roles_is_told_how_to_get_one(client: Client, applicant, organisation):
    client.force_login(applicant)
    html = client.get(reverse("home")).content.decode()
    assert "You do not hold a role in any organisation yet." in html
    assert organisation.name not in html


def test_the_home_page_shows_no_organisation_the_user_has_no_role_in(
    client: Client, organisation, other_organisation, outsider
):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert other_organisation.name in html
    assert organisation.name not in html


def test_the_home_page_query_count_does_not_grow_per_organisation(
    client: Client, organisation, secretary, django_assert_num_queries
):
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for n in range(3):
        extra = mf.cooperative(slug=f"extra-{n}", name=f"Extra {n} Co-operative")
        role_grant(organisation=extra, user=secretary, role=Role.BOARD_MEMBER, actor=None)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("home"))

    assert len(response.context["organisations"]) == 4
    # Session, user, roles, organisations, then one grouped query per kind of attention item.
    assert len(one.captured_queries) <= 12


def test_the_attention_hook_lists_what_an_app_puts_there(client: Client, secretary, organisation):
    from django.template.loader import render_to_string

    with translation.override("en-gb"):
        html = render_to_string(
            "home.html",
            {
                "organisations": [
                    {
                        "organisation": organisation,
                        "roles": [Role.SECRETARY],
                        "attention": [{"url": "/o/x/applications/", "text": "2 applications"}],
                    }
                ]
            },
        )
    assert "Needs your attention" in html
    assert '<a class="govuk-link" href="/o/x/applications/">2 applications</a>' in html
    assert "Nothing needs your attention." not in html


def test_a_secretary_is_told_about_applications_waiting(client: Client, secretary, organisation):
    from membership import services as ms

    ms.application_submit(
        organisation=organisation,
        name="Nia Newydd",
        email="nia@example.org",
        postal_address="1 Ffordd",
        postcode="SY23 1AA",
        member_class=mf.member_class(organisation),
        share_class=mf.share_class(organisation),
        shares_requested=1,
        declaration=True,
    )
    client.force_login(secretary)
    with translation.override("en-gb"):
        html = client.get(reverse("home")).content.decode()
    assert "1 application to join waits for the board" in html
    assert reverse("membership:applications", args=[organisation.slug]) in html


def test_a_member_is_asked_to_vote_in_an_open_ballot(
    client: Client, member, member_record, organisation
):
    import datetime as dt

    from membership.models import ResolutionType
    from voting import services as vs

    ballot = vs.ballot_create(
        organisation=organisation,
        title="Adopt the plan",
        record_date=dt.date(2024, 1, 1),
        actor=None,
    )
    vs.question_add(
        ballot=ballot,
        kind="resolution",
        text="Adopt?",
        resolution_type=ResolutionType.objects.get(
            rules_version__organisation=organisation, code="ordinary"
        ),
        actor=None,
    )
    vs.ballot_open(ballot=ballot, actor=None)
    client.force_login(member)
    with translation.override("en-gb"):
        html = client.get(reverse("home")).content.decode()
    assert "Vote: Adopt the plan" in html
    assert reverse("voting:ballot", args=[organisation.slug, ballot.pk]) in html
