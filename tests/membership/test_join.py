"""The public join page: what membership means, the application, and what happens next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent
from membership.models import Application, MemberClass, Organisation
from tests.factories import membership as mf


def join_url(org) -> str:
    return reverse("membership:join", args=[org.slug])


def valid_data(org, **changes) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "person",
        "name": "Alys Applicant",
        "email": "Alys@Example.org",
        "postal_address": "3 Maes y Llan\nTregaron",
        "postcode": "sy25 6aa",
        "phone": "",
        "date_of_birth": "1980-02-29",
        "member_class": mf.member_class(org, "workers").pk,
        "shares_requested": "1",
        "preferred_language": "cy",
        "email_purposes": ["notices", "ballots"],
        "declaration": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_join_page_explains_membership_and_shows_the_form(
    client, organisation, django_assert_max_num_queries
):
    MemberClass.objects.filter(organisation=organisation, code="workers").update(
        eligibility="People employed by the co-op.", eligibility_cy="Pobl a gyflogir gan y co-op."
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        join_intro="Care owned by the people who give and receive it."
    )

    with django_assert_max_num_queries(7):
        response = client.get(join_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Join Dyfi Care Co-operative" in html
    assert "Care owned by the people who give and receive it." in html
    assert "Service users and carers" in html
    assert "People employed by the co-op." in html
    assert "Pobl a gyflogir" not in html
    assert (
        "To be a member you need 1 share (Membership shares). Each share costs £1.00, so the "
        "least you pay is £1.00."
    ) in html
    assert 'name="declaration"' in html
    assert 'type="radio" name="member_class"' in html


def test_join_page_is_public_and_does_not_need_sign_in(client, organisation):
    assert client.get(join_url(organisation)).status_code == 200
    assert client.get(reverse("membership:join_done", args=[organisation.slug])).status_code == 200


@pytest.mark.django_db
def test_unknown_organisation_has_no_join_page(client):
    assert client.get(reverse("membership:join", args=["nowhere"])).status_code == 404


def test_application_is_submitted(client, organisation):
    events_before = AuditEvent.objects.count()

    response = client.post(join_url(organisation), valid_data(organisation))

    assert response.status_code == 302
    assert response["Location"] == reverse("membership:join_done", args=[organisation.slug])
    application = Application.objects.get()
    assert application.organisation == organisation
    assert application.status == Application.Status.SUBMITTED
    assert (application.kind, application.name, application.email) == (
        "person",
        "Alys Applicant",
        "alys@example.org",
    )
    assert application.postal_address == "3 Maes y Llan\nTregaron"
    assert application.postcode == "SY25 6AA"
    assert application.date_of_birth == dt.date(1980, 2, 29)
    assert application.member_class.code == "workers"
    assert application.share_class.code == "membership"
    assert application.shares_requested == 1
    assert application.amount_paid_pence == 0
    assert application.preferred_language == "cy"
    assert (
        application.email_for_notices,
        application.email_for_ballots,
        application.email_for_news,
    ) == (True, True, False)
    assert application.declaration is True
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_id, event.organisation_id) == (
        "application.submit",
        None,
        organisation.pk,
    )
    done = client.get(response["Location"]).content.decode()
    assert "What happens next" in done
    assert "The board looks at your application at one of its meetings." in done


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"name": ""}, "id_name", "Enter your full name."),
        (
            {"email": "alys-at-example"},
            "id_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"postal_address": ""}, "id_postal_address", "Enter your postal address."),
        (
            {"shares_requested": "0"},
            "id_shares_requested",
            "Enter a whole number of shares, 1 or more.",
        ),
        (
            {"shares_requested": "two"},
            "id_shares_requested",
            "Enter a whole number of shares, like 1 or 10",
        ),
        ({"declaration": None}, "id_declaration", "Tick the box to confirm the declaration."),
        ({"member_class": None}, "id_member_class_0", "Choose which group of members you are in."),
        ({"date_of_birth": "2024-02-30"}, "id_date_of_birth", "Enter a real date of birth."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client, organisation, changes, field_id, message
):
    events_before = AuditEvent.objects.count()

    response = client.post(join_url(organisation), valid_data(organisation, **changes))

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "There is a problem" in html
    assert f'<a href="#{field_id}">{message}</a>' in html
    assert Application.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_member_class_of_another_organisation_is_refused(client, organisation, other_organisation):
    response = client.post(
        join_url(organisation),
        valid_data(organisation, member_class=mf.member_class(other_organisation, "workers").pk),
    )

    assert response.status_code == 400
    assert (
        '<a href="#id_member_class_0">Choose one of the groups of members listed.</a>'
        in response.content.decode()
    )
    assert Application.objects.count() == 0


def test_applicant_under_the_rules_minimum_age_is_refused(client, organisation):
    born = timezone.localdate().replace(year=timezone.localdate().year - 15)

    response = client.post(
        join_url(organisation), valid_data(organisation, date_of_birth=born.isoformat())
    )

    assert response.status_code == 400
    assert (
        '<a href="#id_date_of_birth">Members must be at least 16 years old (rule 7).</a>'
        in response.content.decode()
    )
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_fewer_shares_than_the_rules_minimum_is_refused_citing_the_rule(client):
    org = mf.cooperative(slug="three-shares", name="Three Shares Co-op", minimum_shares=3)

    page = client.get(join_url(org)).content.decode()
    response = client.post(join_url(org), valid_data(org, shares_requested="2"))

    assert "To be a member you need at least 3 shares (Membership shares)." in page
    assert 'name="shares_requested" value="3"' in page
    assert response.status_code == 400
    assert (
        '<a href="#id_shares_requested">Apply for at least 3 shares (Rules as registered).</a>'
        in response.content.decode()
    )
    assert Application.objects.count() == 0


def test_organisation_applying_to_a_class_of_people_is_accepted_as_an_organisation(
    client, organisation
):
    response = client.post(
        join_url(organisation),
        valid_data(organisation, kind="organisation", name="Cwmni Bach", date_of_birth=""),
    )

    assert response.status_code == 302
    assert Application.objects.get().kind == "organisation"


def test_honeypot_is_hidden_from_people(client, organisation):
    html = client.get(join_url(organisation)).content.decode()

    assert (
        '<div class="govuk-visually-hidden">\n  <label for="id_website">Leave this empty</label>'
        in html
    )
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


def test_filled_honeypot_shows_the_done_page_but_writes_nothing(client, organisation):
    events_before = AuditEvent.objects.count()

    response = client.post(
        join_url(organisation), valid_data(organisation, website="http://spam.example")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("membership:join_done", args=[organisation.slug])
    assert Application.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_organisation_not_accepting_applications_shows_no_form(client, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(is_accepting_applications=False)

    page = client.get(join_url(organisation))
    post = client.post(join_url(organisation), valid_data(organisation))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Dyfi Care Co-operative is not taking applications to join at the moment." in html
    assert 'name="declaration"' not in html
    assert post.status_code == 400
    assert 'name="declaration"' not in post.content.decode()
    assert Application.objects.count() == 0


def test_join_page_in_welsh_with_the_language_cookie(client, organisation):
    MemberClass.objects.filter(organisation=organisation, code="workers").update(
        eligibility="People employed by the co-op.", eligibility_cy="Pobl a gyflogir gan y co-op."
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        join_intro="In English.", join_intro_cy="Yn Gymraeg."
    )
    client.cookies["cyd_language"] = "cy"

    html = client.get(join_url(organisation)).content.decode()

    assert '<html lang="cy"' in html
    assert "Dyfi Care Co-operative (cy)" in html
    assert "Yn Gymraeg." in html
    assert "In English." not in html
    assert "Pobl a gyflogir gan y co-op." in html
    assert "People employed by the co-op." not in html
    assert "Defnyddwyr gwasanaeth a gofalwyr" in html
    assert "Cyfranddaliadau aelodaeth" in html
    assert (
        'value="cy" class="govuk-radios__input" required id="id_preferred_language_1" checked'
        in html
    )
