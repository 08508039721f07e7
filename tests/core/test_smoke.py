import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_for_anonymous_visitor_offers_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_home_page_lists_the_secretarys_organisation(client, secretary, organisation):
    client.force_login(secretary)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert organisation.name in response.content.decode()
