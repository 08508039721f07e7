"""Proxy appointments, where the rules allow them (directed or at the proxy's discretion)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_lengths
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member
from voting.limits import LIMITS
from voting.models import Ballot, Participation, Proxy
from voting.services.casting import check_holder_in_room
from voting.services.selections import check_selections


def _check_appointer(ballot: Ballot, member: Member) -> None:
    """The ballot takes proxies now, and the member may still appoint one."""
    if not ballot.allow_proxy:
        raise fail("ballot", _("This ballot does not take proxy votes."))
    if ballot.status not in (Ballot.Status.DRAFT, Ballot.Status.OPEN):
        raise fail("ballot", _("Proxies can be appointed only before the ballot closes."))
    if member.organisation_id != ballot.organisation_id or member.status != Member.Status.ACTIVE:
        raise fail("member", _("Only an active member can appoint a proxy."))
    participation = Participation.objects.filter(ballot=ballot, member=member).first()
    if participation is not None and (participation.has_voted or not participation.is_eligible):
        raise fail(
            "member",
            _("Member %(number)s has already voted or may not vote in this ballot.")
            % {"number": member.number},
        )
    if (
        Proxy.objects.filter(ballot=ballot, member=member)
        .exclude(status=Proxy.Status.REVOKED)
        .exists()
    ):
        raise fail(
            "member",
            _("Member %(number)s has already appointed a proxy for this ballot; revoke it first.")
            % {"number": member.number},
        )


def _holder_name(ballot: Ballot, member: Member, holder: Member | None, holder_name: str) -> str:
    """The proxy's name: the member holding it, or the person named (the chair)."""
    if holder is not None:
        if holder.pk == member.pk:
            raise fail("holder", _("A member cannot be their own proxy."))
        if (
            holder.organisation_id != ballot.organisation_id
            or holder.status != Member.Status.ACTIVE
        ):
            raise fail("holder", _("The proxy must be an active member."))
        return holder.name
    if not holder_name.strip():
        raise fail("holder_name", _("Name the proxy (a member, or the chair of the meeting)."))
    check_lengths({"holder_name": holder_name.strip()}, LIMITS)
    return holder_name.strip()


def _check_proxy_limit(ballot: Ballot, holder: Member | None, holder_name: str) -> None:
    """No one holds more proxies than the rules allow (rules version: proxy_limit)."""
    version = (
        ballot.rules_version
        or ballot.organisation.rules_versions.in_force_on(ballot.record_date).first()
    )
    limit = version.proxy_limit if version else 0
    held = Proxy.objects.filter(ballot=ballot).exclude(status=Proxy.Status.REVOKED)
    held = (
        held.filter(holder=holder)
        if holder is not None
        else held.filter(holder__isnull=True, holder_name__iexact=holder_name)
    )
    if held.count() >= limit:
        raise fail(
            "holder",
            _("%(name)s already holds %(n)s proxies, the most the rules allow (%(rule)s).")
            % {
                "name": holder_name,
                "n": held.count(),
                "rule": version.cite("proxy_limit") if version else "–",
            },
        )


def _directions(
    ballot: Ballot, kind: str, directions: Mapping[int, Sequence[int]] | None
) -> dict[str, list[int]]:
    """A directed proxy's directions, checked against the paper (none for a discretionary
    one)."""
    if kind != Proxy.Kind.DIRECTED:
        return {}
    if not directions:
        raise fail("directions", _("Give the proxy's directions for each question."))
    try:
        checked = check_selections(ballot, directions)
    except ValidationError as error:
        raise fail("directions", " ".join(error.messages)) from None
    clean = {str(q): picks for q, picks in checked.items() if picks}
    if not clean:
        raise fail("directions", _("Give the proxy's directions for each question."))
    return clean


@transaction.atomic
def proxy_appoint(
    *,
    ballot: Ballot,
    member: Member,
    kind: str,
    holder: Member | None = None,
    holder_name: str = "",
    directions: Mapping[int, Sequence[int]] | None = None,
    actor: User | None,
) -> Proxy:
    """A member appoints a proxy for a ballot. The rules must allow proxies, and no one may
    hold more proxies than the rules' limit (rules version: proxies_allowed, proxy_limit)."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _check_appointer(ballot, member)
    if kind not in Proxy.Kind.values:
        raise fail("kind", _("Choose a directed proxy or one at the proxy's discretion."))
    name = _holder_name(ballot, member, holder, holder_name)
    _check_proxy_limit(ballot, holder, name)
    proxy = Proxy(
        ballot=ballot,
        member=member,
        holder=holder,
        holder_name=name,
        kind=kind,
        directions=_directions(ballot, kind, directions),
    )
    proxy.full_clean()
    proxy.save()
    audit(
        actor=actor,
        action="proxy.appoint",
        obj=ballot,
        after={"member": member.number, "holder": name, "kind": kind},
    )
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, actor: User | None) -> Proxy:
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.status != Proxy.Status.APPOINTED:
        raise fail("proxy", _("Only a proxy not yet used can be revoked."))
    before = snapshot(proxy, ["status"])
    proxy.status = Proxy.Status.REVOKED
    proxy.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action="proxy.revoke",
        obj=proxy.ballot,
        before=before,
        after={"member": proxy.member.number, "status": proxy.status},
    )
    return proxy


@transaction.atomic
def proxy_mark_present(*, proxy: Proxy, present: bool, actor: User | None) -> Proxy:
    """Record that the proxy holder is (or is no longer) present at the meeting."""
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if present:
        check_holder_in_room(proxy)
    proxy.holder_present = present
    proxy.save(update_fields=["holder_present", "updated_at"])
    audit(
        actor=actor,
        action="proxy.present" if present else "proxy.absent",
        obj=proxy.ballot,
        after={"member": proxy.member.number, "holder": proxy.holder_name},
    )
    return proxy
