"""Length limits on every free-text field of voting (`voting.limits`): the services, the pages
and the API refuse a text over its limit with a message that names the field and the limit,
and write nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.test_pages_setup import allow_proxies, url
from voting import services
from voting.models import Ballot, Proxy, Question


def text(n: int) -> str:
    return "x" * n


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "size", "message"),
    [
        ("title", 201, "The title must be 200 characters or fewer."),
        ("title_cy", 201, "The Welsh title must be 200 characters or fewer."),
        (
            "description",
            10_001,
            "The description must be 10,000 characters or fewer.",
        ),
        (
            "description_cy",
            100_000,
            "The Welsh description must be 10,000 characters or fewer.",
        ),
    ],
)
def test_a_ballot_with_a_text_too_long_is_refused(organisation, field, size, message):
    values = {"title": "Annual ballot", field: text(size)}

    with vf.refused(field, message):
        services.ballot_create(
            organisation=organisation, record_date=vf.RECORD_DATE, actor=None, **values
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "size", "message"),
    [
        ("text", 10_001, "The question must be 10,000 characters or fewer."),
        ("text_cy", 10_001, "The Welsh question must be 10,000 characters or fewer"),
    ],
)
def test_a_question_too_long_is_refused(organisation, field, size, message):
    ballot = vf.ballot(organisation)
    values = {"text": "Which tree?", field: text(size)}

    with vf.refused(field, message):
        services.question_add(ballot=ballot, kind=Question.Kind.CHOICE, actor=None, **values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "size", "message"),
    [
        ("label", 201, "The name of the choice or candidate must be 200 characters or fewer"),
        ("label_cy", 201, "The Welsh name of the choice or candidate must be 200"),
        ("statement", 5_001, "The candidate's statement must be 5,000 characters or fewer"),
        ("statement_cy", 5_001, "The candidate's Welsh statement must be 5,000"),
    ],
)
def test_an_option_too_long_is_refused(organisation, field, size, message):
    ballot = vf.ballot(organisation)
    question = services.question_add(
        ballot=ballot, kind=Question.Kind.STV, text="Elect", seats=1, actor=None
    )
    values = {"label": "Alaw", field: text(size)}

    with vf.refused(field, message):
        services.option_add(question=question, actor=None, **values)


@pytest.mark.django_db
def test_a_cancellation_reason_too_long_is_refused(organisation):
    ballot, _q = vf.resolution_ballot(organisation)

    with vf.refused("reason", "The reason must be 2,000 characters or fewer."):
        services.ballot_cancel(ballot=ballot, reason=text(2001), actor=None)


@pytest.mark.django_db
def test_a_proxys_name_too_long_is_refused(organisation):
    allow_proxies(organisation)
    ballot, _q = vf.resolution_ballot(organisation, allow_proxy=True)
    appointing = mf.member(organisation)

    with vf.refused("holder_name", "The proxy's name must be 200 characters or fewer"):
        services.proxy_appoint(
            ballot=ballot,
            member=appointing,
            kind=Proxy.Kind.DISCRETIONARY,
            holder_name=text(201),
            actor=None,
        )


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


@pytest.mark.django_db
def test_the_new_ballot_page_refuses_a_description_too_long(
    secretary_client: Client, organisation: Organisation
):
    before = vf.state()

    response = secretary_client.post(
        reverse("voting:create", args=[organisation.slug]),
        {
            "title": "Annual ballot",
            "description": text(10_001),
            "record_date": "2024-01-01",
            "is_secret": "secret",
            "channels": ["online"],
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "description": ["The description must be 10,000 characters or fewer."]
    }
    assert vf.state() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "data", "field", "message"),
    [
        (
            "question_add",
            {"kind": "choice", "text": text(10_001), "seats": 1, "method": "plurality"},
            "text",
            "The question must be 10,000 characters or fewer.",
        ),
        (
            "cancel",
            {"reason": text(100_000)},
            "reason",
            "The reason must be 2,000 characters or fewer.",
        ),
    ],
)
def test_the_set_up_pages_refuse_a_text_too_long(
    secretary_client: Client, organisation: Organisation, page, data, field, message
):
    ballot = vf.ballot(organisation)
    before = vf.state()

    response = secretary_client.post(url(page, ballot), data)

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert vf.state() == before


@pytest.mark.django_db
def test_the_candidate_page_refuses_a_statement_too_long(
    secretary_client: Client, organisation: Organisation
):
    ballot = vf.ballot(organisation)
    vf.stv(ballot)
    before = vf.state()

    response = secretary_client.post(
        url("option_add", ballot, 1), {"label": "Eirlys", "statement": text(5_001)}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "statement": ["The candidate's statement must be 5,000 characters or fewer."]
    }
    assert vf.state() == before


@pytest.mark.django_db
def test_the_limits_speak_welsh(
    secretary_client: Client, secretary: User, organisation: Organisation
):
    secretary.preferred_language = "cy"
    secretary.save()
    ballot = vf.ballot(organisation)

    response = secretary_client.post(url("cancel", ballot), {"reason": text(2_001)})

    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [
        "Y rheswm: ni chaiff fod yn hwy na 2,000 nod."
    ]
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.DRAFT


@pytest.mark.django_db
def test_a_text_at_its_limit_is_taken(organisation: Organisation, member_record: Member):
    ballot = services.ballot_create(
        organisation=organisation,
        title=text(200),
        description=text(10_000),
        record_date=vf.RECORD_DATE,
        actor=None,
    )

    assert len(Ballot.objects.get(pk=ballot.pk).description) == 10_000
