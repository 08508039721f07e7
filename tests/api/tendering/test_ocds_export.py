"""The OCDS export's `uri` is where the API serves the package: fetched through the production
URL conf, it answers the same release to the lead (and 404 to whoever may not see it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import resolve

from tests.api.tendering.conftest import client_for, url


def test_the_packages_uri_is_a_served_api_address(settings, drafting, bid_manager, coop_user):
    settings.SITE_URL = "https://cyd.example.org"
    client = client_for(bid_manager)
    package = client.get(url("bid-ocds", pk=drafting.bid.pk)).json()

    address = urlsplit(package["uri"])
    fetched = client.get(address.path)

    assert (address.scheme, address.netloc) == ("https", "cyd.example.org")
    assert resolve(address.path).view_name == "api:bid-ocds"
    assert fetched.status_code == 200
    assert fetched.json()["releases"][0]["ocid"] == package["releases"][0]["ocid"]
    assert fetched.json()["uri"] == package["uri"]
    assert client_for(coop_user).get(address.path).status_code == 404
