"""What needs each signed-in user's attention, for the home page.

Each kind of item is one grouped query across all the user's organisations, so the home page
costs the same whatever their number.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coop.core.models import User
from governance import permissions as governance
from governance.models import Meeting, Motion, Requisition
from membership import permissions as membership_permissions
from membership.models import Application, Member, Organisation, Withdrawal
from tendering import permissions as tendering_permissions
from tendering import selectors as tendering_selectors
from voting.models import Ballot, Participation

Items = dict[int, list[dict[str, str]]]


def _add(items: Items, org: Organisation, url: str, text: str) -> None:
    items[org.pk].append({"url": url, "text": text})


def _where(
    user: User, organisations: Sequence[Organisation], may: Callable[[User, Organisation], bool]
) -> list[Organisation]:
    """The organisations where the app's predicate `may` lets `user` act."""
    return [org for org in organisations if may(user, org)]


def _per_organisation(rows: QuerySet[Any]) -> dict[int, int]:
    """How many of `rows` each organisation has (one query)."""
    return dict(rows.values_list("organisation_id").annotate(n=Count("id")).order_by())


def _secretary_items(
    user: User, organisations: Sequence[Organisation], items: Items, today: dt.date
) -> None:
    applications = _where(user, organisations, membership_permissions.can_decide_applications)
    withdrawals = _where(user, organisations, membership_permissions.can_decide_withdrawals)
    board = _where(user, organisations, governance.can_decide_as_board)
    if not (applications or withdrawals or board):
        return
    by_pk = {org.pk: org for org in [*applications, *withdrawals, *board]}
    waiting = _per_organisation(
        Application.objects.filter(
            organisation__in=applications, status=Application.Status.SUBMITTED
        )
    )
    ready = _per_organisation(
        Withdrawal.objects.filter(
            organisation__in=withdrawals,
            status=Withdrawal.Status.REQUESTED,
            notice_ends_on__lte=today,
        )
    )
    seconded = _per_organisation(
        Motion.objects.filter(organisation__in=board, status=Motion.Status.SECONDED)
    )
    reached = _per_organisation(
        Requisition.objects.filter(organisation__in=board, status=Requisition.Status.REACHED)
    )
    for pk, org in by_pk.items():
        if waiting.get(pk):
            _add(
                items,
                org,
                reverse("membership:applications", args=[org.slug]),
                ngettext(
                    "%(n)s application to join waits for the board",
                    "%(n)s applications to join wait for the board",
                    waiting[pk],
                )
                % {"n": waiting[pk]},
            )
        if ready.get(pk):
            _add(
                items,
                org,
                reverse("membership:withdrawals", args=[org.slug]),
                ngettext(
                    "%(n)s withdrawal of shares is ready for the board's decision",
                    "%(n)s withdrawals of shares are ready for the board's decision",
                    ready[pk],
                )
                % {"n": ready[pk]},
            )
        if seconded.get(pk):
            _add(
                items,
                org,
                reverse("governance:meetings", args=[org.slug]),
                ngettext(
                    "%(n)s seconded motion needs the board's decision on admissibility",
                    "%(n)s seconded motions need the board's decision on admissibility",
                    seconded[pk],
                )
                % {"n": seconded[pk]},
            )
        if reached.get(pk):
            _add(
                items,
                org,
                reverse("governance:requisitions", args=[org.slug]),
                _("Members have requisitioned a general meeting: the board must call it"),
            )


def _member_items(
    user: User, organisations: Sequence[Organisation], items: Items, now: dt.datetime
) -> None:
    members = list(
        Member.objects.filter(
            organisation__in=organisations, user=user, status=Member.Status.ACTIVE
        )
    )
    if not members:
        return
    by_pk = {org.pk: org for org in organisations}
    for participation in (
        Participation.objects.filter(
            member__in=members, is_eligible=True, has_voted=False, ballot__status=Ballot.Status.OPEN
        )
        .filter(Q(ballot__closes_at__isnull=True) | Q(ballot__closes_at__gt=now))
        .select_related("ballot")
        .order_by("ballot__closes_at")[:20]
    ):
        ballot = participation.ballot
        org = by_pk[ballot.organisation_id]
        _add(
            items,
            org,
            reverse("voting:ballot", args=[org.slug, ballot.pk]),
            _("Vote: %(title)s") % {"title": ballot.display_title},
        )
    # Only meetings the user may see (governance's policy; their roles are primed, so this
    # asks nothing more of the database): no board meeting for a plain member.
    seeing = [org for org in organisations if governance.can_view_meetings(user, org)]
    board = [org for org in seeing if governance.can_view_board_meetings(user, org)]
    for meeting in (
        Meeting.objects.filter(
            organisation__in=seeing, status=Meeting.Status.CALLED, starts_at__gte=now
        )
        .filter(~Q(kind=Meeting.Kind.BOARD) | Q(organisation__in=board))
        .order_by("starts_at")[:10]
    ):
        org = by_pk[meeting.organisation_id]
        _add(
            items,
            org,
            reverse("governance:meeting", args=[org.slug, meeting.pk]),
            _("Coming up: %(title)s, %(day)s")
            % {
                "title": meeting.display_title,
                "day": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M"),
            },
        )
    mine = [m.pk for m in members]
    seconding = dict(
        Motion.objects.filter(
            organisation__in=seeing,
            status=Motion.Status.SUBMITTED,
            meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CALLED],
            meeting__kind__in=[Meeting.Kind.AGM, Meeting.Kind.GENERAL, Meeting.Kind.CLASS],
        )
        .exclude(proposer_id__in=mine)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, count in seconding.items():
        org = by_pk[pk]
        _add(
            items,
            org,
            reverse("governance:motions_to_second", args=[org.slug]),
            ngettext(
                "%(n)s motion is waiting for a seconder",
                "%(n)s motions are waiting for a seconder",
                count,
            )
            % {"n": count},
        )


#: What a member co-op owes a bid, as the home page says it.
_OWING = {
    "approval": gettext_lazy("%(coop)s is asked to approve the bid for %(title)s"),
    "authorisation": gettext_lazy(
        "%(coop)s: the written authorisation of the lead for %(title)s is missing"
    ),
    "commitments": gettext_lazy("%(coop)s has committed no care hours to the bid for %(title)s"),
    "signoff": gettext_lazy("%(coop)s has to sign off the bid for %(title)s"),
}


def _owing_text(owing: tendering_selectors.Owing) -> str:
    p = owing.participant
    names = {"coop": p.member.name, "title": p.bid.opportunity.display_title}
    if owing.what == "answers":
        return ngettext(
            "%(coop)s: %(n)s answer to the bid for %(title)s is not yet sent for review",
            "%(coop)s: %(n)s answers to the bid for %(title)s are not yet sent for review",
            owing.count,
        ) % {**names, "n": owing.count}
    return str(_OWING[owing.what]) % names


def _bid_items(
    user: User, organisations: Sequence[Organisation], items: Items, members: Sequence[Member]
) -> None:
    """Bids under way, on the card of each consortium whose bids the user runs; what each
    co-op the user is a bid officer of owes its bids, on the co-op's card
    (`tendering.permissions` decides who is which)."""
    leads = tendering_permissions.lead_consortia(user, list(organisations))
    for pk, count in tendering_selectors.bids_under_way(leads).items():
        org = next(o for o in leads if o.pk == pk)
        _add(
            items,
            org,
            reverse("tendering:index", args=[org.slug]),
            ngettext("%(n)s joint bid under way", "%(n)s joint bids under way", count)
            % {"n": count},
        )
    cards = {org.pk: org for org in organisations}
    card_of = {
        m.pk: cards[m.member_organisation_id]
        for m in members
        if m.member_organisation_id is not None and m.member_organisation_id in cards
    }
    for owing in tendering_selectors.parts_owing(list(card_of)):
        p = owing.participant
        card = card_of[p.member_id]
        page = ("signoff",) if owing.what == "signoff" else ("member_part", p.pk)
        url = reverse(f"tendering:{page[0]}", args=[p.bid.consortium.slug, p.bid_id, *page[1:]])
        _add(items, card, url, _owing_text(owing))


def attention_for(
    user: User,
    organisations: Sequence[Organisation],
    *,
    bid_officer_of: Sequence[Member] | None = None,
) -> dict[int, list[Any]]:
    """Organisation id → the items that need this user there. `bid_officer_of` is
    `tendering.permissions.members_acted_for(user)` if the caller has it already."""
    items: Items = defaultdict(list)
    now = timezone.now()
    _secretary_items(user, organisations, items, timezone.localdate())
    _member_items(user, organisations, items, now)
    members = (
        bid_officer_of
        if bid_officer_of is not None
        else tendering_permissions.members_acted_for(user)
    )
    _bid_items(user, organisations, items, members)
    return dict(items)
