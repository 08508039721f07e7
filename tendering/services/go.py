"""The consortium's go/no-go: a board decision, or a ballot of the member co-ops through
`voting` (one member organisation, one vote)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from tendering.models import JointBid
from tendering.services._common import lock_bid, today
from tendering.services.bids import Status, set_status
from voting.models import Ballot

#: The go decision is saved field by field (no `full_clean`): its reference's model length.
REFERENCE_LENGTH = JointBid._meta.get_field("go_reference").max_length or 200


def _go_record(
    bid: JointBid, *, go: bool, method: str, reference: str, decided_on: dt.date, actor: User | None
) -> JointBid:
    if bid.status == Status.IDENTIFIED:
        set_status(bid, Status.QUALIFYING, actor)
    bid.decision_method = method
    bid.go_reference = reference.strip()
    bid.go_decided_on = decided_on
    bid.save(update_fields=["decision_method", "go_reference", "go_decided_on", "updated_at"])
    audit(
        actor=actor,
        action="bid.go" if go else "bid.no_go",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"method": method, "reference": bid.go_reference, "decided_on": decided_on},
    )
    return set_status(
        bid, Status.CONSULTING if go else Status.DECLINED, actor, "" if go else bid.go_reference
    )


def _check_qualifying(bid: JointBid) -> None:
    if bid.status not in (Status.IDENTIFIED, Status.QUALIFYING):
        raise fail("status", _("The go/no-go decision is taken while qualifying the bid."))


def _ballot_pending(bid: JointBid) -> bool:
    ballot = bid.decision_ballot
    return ballot is not None and ballot.status != Ballot.Status.CANCELLED


@transaction.atomic
def bid_go_decide(
    *, bid: JointBid, go: bool, method: str, reference: str, decided_on: dt.date, actor: User | None
) -> JointBid:
    """Record the consortium board's go/no-go. A ballot of member co-ops decides through
    `bid_go_ballot_open` and `bid_go_from_ballot` instead: its result cannot be typed in, and
    while a ballot is under way (not cancelled) the board cannot decide over it."""
    bid = lock_bid(bid)
    _check_qualifying(bid)
    if method not in JointBid.Decision.values:
        raise fail("decision_method", _("Say whether the board or a ballot decided."))
    if method == JointBid.Decision.BALLOT or _ballot_pending(bid):
        raise fail(
            "decision_method",
            _(
                "A ballot of the member co-ops decides this bid: apply its result once it "
                "closes (or cancel the ballot for the board to decide)."
            ),
        )
    if not reference.strip():
        raise fail("go_reference", _("Give the board minute or ballot reference."))
    check_length("go_reference", reference.strip(), REFERENCE_LENGTH, _("The reference"))
    if decided_on > today():
        raise fail("go_decided_on", _("The date cannot be in the future."))
    return _go_record(
        bid, go=go, method=method, reference=reference, decided_on=decided_on, actor=actor
    )


@transaction.atomic
def bid_go_ballot_open(
    *, bid: JointBid, closes_at: dt.datetime | None = None, actor: User | None
) -> Ballot:
    """Ask the member co-ops: a ballot of the consortium (one member organisation, one vote,
    cast by its representative) on whether to bid, decided as an ordinary resolution of the
    consortium's rules. A cancelled ballot may be replaced by a new one."""
    from voting import services as voting
    from voting.models import Question

    bid = lock_bid(bid)
    _check_qualifying(bid)
    if _ballot_pending(bid):
        raise fail("decision_ballot", _("A go/no-go ballot is already open for this bid."))
    version = bid.consortium.rules_versions.in_force_on(today()).first()
    if version is None:
        raise fail("consortium", _("No rules are recorded for the consortium."))
    ordinary = version.resolution_types.filter(code="ordinary").first()
    if ordinary is None:
        raise fail(
            "consortium",
            _("The consortium's rules give no ordinary resolution to decide the ballot by."),
        )
    title = _("Bid for %(title)s?") % {"title": bid.opportunity.title}
    ballot = voting.ballot_create(
        organisation=bid.consortium,
        title=title[:200],
        record_date=today(),
        description=bid.opportunity.description,
        closes_at=closes_at,
        actor=actor,
    )
    voting.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text=_("That the consortium bids for %(title)s (%(buyer)s, reference %(ref)s).")
        % {
            "title": bid.opportunity.title,
            "buyer": bid.opportunity.buyer_name,
            "ref": bid.opportunity.reference,
        },
        resolution_type=ordinary,
        actor=actor,
    )
    ballot = voting.ballot_open(ballot=ballot, actor=actor)
    if bid.status == Status.IDENTIFIED:
        set_status(bid, Status.QUALIFYING, actor)
    bid.decision_ballot = ballot
    bid.decision_method = JointBid.Decision.BALLOT
    bid.save(update_fields=["decision_ballot", "decision_method", "updated_at"])
    audit(
        actor=actor,
        action="bid.go_ballot_open",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"ballot": ballot.pk},
    )
    return ballot


@transaction.atomic
def bid_go_from_ballot(*, bid: JointBid, actor: User | None) -> JointBid:
    """Apply the result of the closed go/no-go ballot: carried is go, lost is no-go, decided
    on the day the ballot closed. A tie waiting for the chair's casting vote is not a
    result yet."""
    from voting.rules import AWAITING_CASTING_VOTE, CARRIED, LOST

    bid = lock_bid(bid)
    _check_qualifying(bid)
    ballot = bid.decision_ballot
    if ballot is None or ballot.status not in (Ballot.Status.CLOSED, Ballot.Status.PUBLISHED):
        raise fail("decision_ballot", _("The go/no-go ballot has not closed yet."))
    outcome = (ballot.questions.get().result or {}).get("outcome")
    if outcome == AWAITING_CASTING_VOTE:
        raise fail(
            "decision_ballot",
            _("The ballot is tied: record the chair's casting vote before applying it."),
        )
    if outcome not in (CARRIED, LOST):
        raise fail("decision_ballot", _("The go/no-go ballot has no result yet."))
    closed_on = timezone.localdate(ballot.closed_at) if ballot.closed_at else today()
    return _go_record(
        bid,
        go=outcome == CARRIED,
        method=JointBid.Decision.BALLOT,
        reference=_("Ballot %(id)s: %(title)s") % {"id": ballot.pk, "title": ballot.title},
        decided_on=closed_on,
        actor=actor,
    )
