"""Roles through `coop.core.permissions`: grants, checks, gates, and 404 across organisations."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from coop.core import permissions
from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant, role_revoke
from membership.models import Organisation
from tests.factories import membership as mf


def _org_event_count(organisation: Organisation) -> int:
    return AuditEvent.objects.filter(organisation_id=organisation.pk).count()


def test_role_grant_gives_the_role_and_records_who_gave_it(organisation, secretary, applicant):
    events_before = _org_event_count(organisation)

    role_grant(organisation=organisation, user=applicant, role=Role.BOARD_MEMBER, actor=secretary)

    assert permissions.has_role(applicant, organisation, Role.BOARD_MEMBER)
    assert permissions.roles_of(applicant, organisation) == frozenset({Role.BOARD_MEMBER})
    assert _org_event_count(organisation) == events_before + 1
    event = AuditEvent.objects.filter(organisation_id=organisation.pk).first()
    assert event is not None
    assert event.action == "role.grant"
    assert event.actor == secretary
    assert event.actor_label == "secretary@example.org"
    assert event.object_type == "core.user"
    assert event.object_id == str(applicant.pk)
    assert event.before is None
    assert event.after == {"role": "board_member", "user": "applicant@example.org"}


def test_role_grant_of_a_role_already_held_writes_nothing(organisation, secretary):
    events_before = AuditEvent.objects.count()

    role_grant(organisation=organisation, user=secretary, role=Role.SECRETARY, actor=secretary)

    assert AuditEvent.objects.count() == events_before
    assert permissions.roles_of(secretary, organisation) == frozenset({Role.SECRETARY})


def test_role_revoke_takes_the_role_away_and_is_audited(organisation, secretary, board_member):
    events_before = _org_event_count(organisation)

    role_revoke(
        organisation=organisation, user=board_member, role=Role.BOARD_MEMBER, actor=secretary
    )

    assert not permissions.has_role(board_member, organisation)
    assert permissions.roles_of(board_member, organisation) == frozenset()
    assert _org_event_count(organisation) == events_before + 1
    event = AuditEvent.objects.filter(organisation_id=organisation.pk).first()
    assert event is not None
    assert event.action == "role.revoke"
    assert event.actor == secretary
    assert event.before == {"role": "board_member", "user": "board@example.org"}
    assert event.after is None


def test_role_revoke_of_a_role_not_held_writes_nothing(organisation, secretary, applicant):
    events_before = AuditEvent.objects.count()

    role_revoke(organisation=organisation, user=applicant, role=Role.SECRETARY, actor=secretary)

    assert AuditEvent.objects.count() == events_before


def test_has_role_with_no_roles_named_means_any_role(organisation, scrutineer, applicant):
    assert permissions.has_role(scrutineer, organisation)
    assert permissions.has_role(scrutineer, organisation, Role.SCRUTINEER, Role.SECRETARY)
    assert not permissions.has_role(scrutineer, organisation, Role.SECRETARY)
    assert not permissions.has_role(applicant, organisation)
    assert not permissions.has_role(None, organisation)


def test_roles_are_per_organisation(organisation, other_organisation, outsider):
    assert permissions.roles_of(outsider, other_organisation) == frozenset({Role.SECRETARY})
    assert permissions.roles_of(outsider, organisation) == frozenset()


def test_anonymous_and_inactive_users_hold_no_roles(organisation, secretary):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.roles_of(AnonymousUser(), organisation) == frozenset()
    User.objects.filter(pk=secretary.pk).update(is_active=False)
    secretary.refresh_from_db()
    permissions.forget_roles(secretary)
    assert permissions.roles_of(secretary, organisation) == frozenset()


def test_a_superuser_holds_only_the_roles_given_to_them(organisation, other_organisation):
    admin = User.objects.create_superuser(email="admin@example.org", password="x", full_name="A")
    role_grant(organisation=organisation, user=admin, role=Role.MEMBER, actor=None)

    assert permissions.roles_of(admin, organisation) == frozenset({Role.MEMBER})
    assert permissions.roles_of(admin, other_organisation) == frozenset()
    assert list(permissions.organisations_for(admin, Organisation.objects.all())) == [organisation]


def test_roles_of_is_cached_on_the_user_for_the_request(
    organisation, secretary, django_assert_num_queries
):
    fresh = User.objects.get(pk=secretary.pk)
    with django_assert_num_queries(1):
        first = permissions.roles_of(fresh, organisation)
    with django_assert_num_queries(0):
        second = permissions.roles_of(fresh, organisation)
        permissions.has_role(fresh, organisation, Role.SECRETARY)
        permissions.require_role(fresh, organisation, Role.SECRETARY)
    assert first == second == frozenset({Role.SECRETARY})


def test_prime_roles_loads_many_organisations_in_one_query(
    organisation, other_organisation, secretary, django_assert_num_queries
):
    role_grant(organisation=other_organisation, user=secretary, role=Role.MEMBER, actor=None)
    fresh = User.objects.get(pk=secretary.pk)
    third = mf.cooperative(slug="third", name="Third Co-operative")

    with django_assert_num_queries(1):
        permissions.prime_roles(fresh, [organisation, other_organisation, third])
    with django_assert_num_queries(0):
        found = [permissions.roles_of(fresh, o) for o in (organisation, other_organisation, third)]

    assert found == [frozenset({Role.SECRETARY}), frozenset({Role.MEMBER}), frozenset()]


def test_grant_and_revoke_refresh_the_cache_of_the_user_they_change(organisation, applicant):
    assert permissions.roles_of(applicant, organisation) == frozenset()

    role_grant(organisation=organisation, user=applicant, role=Role.MEMBER, actor=None)
    assert permissions.roles_of(applicant, organisation) == frozenset({Role.MEMBER})

    role_revoke(organisation=organisation, user=applicant, role=Role.MEMBER, actor=None)
    assert permissions.roles_of(applicant, organisation) == frozenset()


def test_a_new_request_sees_a_role_granted_since_the_last(client: Client, organisation, applicant):
    client.force_login(applicant)
    url = reverse("membership:organisation", args=[organisation.slug])
    assert client.get(url).status_code == 404

    role_grant(organisation=organisation, user=applicant, role=Role.MEMBER, actor=None)

    assert client.get(url).status_code == 200


def test_organisations_for_lists_only_organisations_with_a_role(
    organisation, other_organisation, secretary, outsider, applicant
):
    everything = Organisation.objects.all()
    assert list(permissions.organisations_for(secretary, everything)) == [organisation]
    assert list(permissions.organisations_for(outsider, everything)) == [other_organisation]
    assert list(permissions.organisations_for(applicant, everything)) == []
    assert list(permissions.organisations_for(None, everything)) == []
    assert list(permissions.organisations_for(secretary, everything, Role.MEMBER)) == []
    assert list(permissions.organisations_for(secretary, everything, Role.SECRETARY)) == [
        organisation
    ]


def test_users_with_role_lists_the_holders(organisation, secretary, board_member):
    assert list(permissions.users_with_role(organisation, Role.SECRETARY)) == [secretary]
    assert list(permissions.users_with_role(organisation, Role.BOARD_MEMBER)) == [board_member]
    assert list(permissions.users_with_role(organisation, Role.BID_MANAGER)) == []


def test_get_for_returns_the_object_to_a_role_holder(organisation, secretary):
    got = permissions.get_for(
        secretary,
        Organisation.objects.all(),
        [Role.SECRETARY],
        organisation_attr="",
        pk=organisation.pk,
    )
    assert got == organisation


def test_get_for_answers_404_for_a_missing_object(organisation, secretary):
    with pytest.raises(Http404):
        permissions.get_for(
            secretary, Organisation.objects.all(), Role, organisation_attr="", pk=999_999
        )
    with pytest.raises(Http404):
        permissions.get_for(
            secretary, Organisation.objects.all(), Role, organisation_attr="", pk="not-a-number"
        )


def test_get_for_answers_404_for_another_organisations_object(
    organisation, other_organisation, secretary, outsider, member_record
):
    # A member record of `organisation`, reached through its `organisation` attribute.
    members = type(member_record).objects.all()
    assert permissions.get_for(secretary, members, [Role.SECRETARY], pk=member_record.pk) == (
        member_record
    )
    with pytest.raises(Http404):
        permissions.get_for(outsider, members, Role, pk=member_record.pk)
    with pytest.raises(Http404):
        permissions.get_for(
            outsider, Organisation.objects.all(), Role, organisation_attr="", pk=organisation.pk
        )


def test_get_for_answers_404_for_a_role_holder_without_the_needed_role(organisation, member):
    with pytest.raises(Http404):
        permissions.get_for(
            member,
            Organisation.objects.all(),
            [Role.SECRETARY],
            organisation_attr="",
            pk=organisation.pk,
        )


@pytest.mark.parametrize("name", ["membership:organisation", "membership:audit_log"])
def test_a_user_with_a_role_in_one_organisation_gets_404_on_anothers_pages(
    client: Client, organisation, other_organisation, outsider, name
):
    client.force_login(outsider)

    assert client.get(reverse(name, args=[other_organisation.slug])).status_code == 200
    response = client.get(reverse(name, args=[organisation.slug]))

    assert response.status_code == 404
    assert organisation.name not in response.content.decode()


def test_an_unknown_organisation_answers_404_like_a_forbidden_one(client: Client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("membership:organisation", args=["no-such-coop"]))
    assert response.status_code == 404


def test_the_api_answers_for_the_signed_in_user(client: Client, outsider):
    client.force_login(outsider)
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "outsider@example.org"


def test_the_api_answers_404_for_another_organisation(
    client: Client, organisation, other_organisation, outsider
):
    client.force_login(outsider)

    own = client.get(f"/api/v1/organisations/{other_organisation.slug}/")
    other = client.get(f"/api/v1/organisations/{organisation.slug}/")

    assert own.status_code == 200
    assert other.status_code == 404
    assert other.json() == {"detail": "Not found."}
