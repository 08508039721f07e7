"""The community shares of a demo co-op: bought in a share offer (some in instalments),
credited with interest, transferred, withdrawn after the lock-in, and one mistaken allotment
put right."""

from __future__ import annotations

import datetime as dt
import random

from coop.core.models import User
from coop.demo.cooperatives import CoopSpec, Structure
from coop.demo.people import day_between
from membership import selectors, services
from membership.models import Member, Organisation

D = dt.date
YEAR = dt.timedelta(days=365)
LOCK_IN = dt.timedelta(days=3 * 365 + 1)
COMMUNITY_AMOUNTS = (100, 150, 200, 250, 300, 500, 750, 1000, 2000, 5000)


class CommunityShareHistory:
    """Mixed into `coop.demo.history.History`, which sets these attributes."""

    spec: CoopSpec
    s: Structure
    org: Organisation
    staff: dict[str, User]
    actor: User
    rng: random.Random
    end: dt.date
    today: dt.date
    members: list[Member]
    special: set[int]

    def _community_shares(self) -> None:
        community = self.s.community
        assert community is not None
        rng = self.rng
        offer_opened = max(self.spec.registered_on + YEAR, D(2019, 3, 1))
        holders = [
            m
            for m in self.members
            if m.member_class.code == "investors"
            or (m.member_class.code == "supporters" and rng.random() < 0.3)
        ]
        bought: dict[int, dt.date] = {}
        for member in holders:
            day = max(member.entered_on, offer_opened)
            if day > self.end - dt.timedelta(days=30):
                continue
            shares = rng.choice(COMMUNITY_AMOUNTS)
            in_instalments = rng.random() < 0.15 and day + dt.timedelta(days=60) <= self.end
            services.shares_allot(
                member=member,
                share_class=community,
                shares=shares,
                effective_on=day,
                paid_pence=shares * 50 if in_instalments else shares * 100,
                reason="Community share offer",
                actor=self.actor,
            )
            if in_instalments:
                services.payment_record(
                    member=member,
                    share_class=community,
                    amount_pence=shares * 50,
                    effective_on=day + dt.timedelta(days=60),
                    reason="Second instalment",
                    actor=self.actor,
                )
            bought[member.pk] = day
        investors = [m for m in holders if m.pk in bought]
        rng.shuffle(investors)
        third = len(investors) // 3
        earners, withdrawers, others = (
            investors[:third],
            investors[third : 2 * third],
            investors[2 * third :],
        )
        if others:
            self._mistaken_allotment(others[0])
        for member in earners:
            self._interest(member, bought[member.pk])
        for giver, receiver in zip(others[1:6], earners[:5], strict=False):
            self._transfer(giver, receiver, max(bought[giver.pk], bought[receiver.pk]))
        self._withdrawals(withdrawers, bought)
        self.special.update(m.pk for m in investors)
        for member in investors[:6]:
            services.certificate_issue(member=member, share_class=community, actor=self.actor)

    def _mistaken_allotment(self, member: Member) -> None:
        community = self.s.community
        assert community is not None
        day = max(member.entered_on, D(2021, 6, 1))
        wrong = services.shares_allot(
            member=member,
            share_class=community,
            shares=5000,
            effective_on=day,
            reason="Top-up",
            actor=self.actor,
        )
        services.ledger_correct(
            entry=wrong, reason="Keyed 5,000 shares instead of 500", actor=self.actor
        )
        services.shares_allot(
            member=member,
            share_class=community,
            shares=500,
            effective_on=day,
            paid_pence=50_000,
            reason="Top-up",
            actor=self.actor,
        )

    def _interest(self, member: Member, since: dt.date) -> None:
        community = self.s.community
        assert community is not None
        year = since.year + 1
        while (day := D(year, 3, 31)) <= self.end:
            held = self._held(member)
            services.shares_interest_credit(
                member=member,
                share_class=community,
                shares=max(1, held * 2 // 100),
                effective_on=day,
                reason=f"Interest at 2% for {year - 1}-{year % 100:02d}",
                actor=self.actor,
            )
            year += 1

    def _transfer(self, giver: Member, receiver: Member, after: dt.date) -> None:
        community = self.s.community
        assert community is not None
        held = self._held(giver)
        shares = held if held < 200 else 100
        services.shares_transfer(
            from_member=giver,
            to_member=receiver,
            share_class=community,
            shares=shares,
            effective_on=day_between(self.rng, after + dt.timedelta(days=30), self.end),
            reason="Transfer approved by the board",
            actor=self.actor,
        )

    def _withdrawals(self, withdrawers: list[Member], bought: dict[int, dt.date]) -> None:
        """Most withdrawals are long paid; two are in their notice period today, one waits to
        be paid and one was refused."""
        community = self.s.community
        assert community is not None
        recent = [
            m for m in withdrawers if bought[m.pk] + LOCK_IN <= self.today - dt.timedelta(days=130)
        ]
        states = ["notice", "notice", "approved", "refused"]
        for member in withdrawers:
            held = self._held(member)
            shares = held if held < 200 or self.rng.random() < 0.5 else held // 2
            state = states.pop() if states and member in recent else "paid"
            if state == "notice":
                requested = self.today - dt.timedelta(days=self.rng.randint(5, 60))
            elif state in {"approved", "refused"}:
                requested = self.today - dt.timedelta(days=self.rng.randint(100, 125))
            else:
                earliest = bought[member.pk] + LOCK_IN
                if earliest > self.end - dt.timedelta(days=100):
                    continue
                requested = day_between(self.rng, earliest, self.end - dt.timedelta(days=100))
            withdrawal = services.withdrawal_request(
                member=member,
                share_class=community,
                shares=shares,
                requested_on=requested,
                actor=self.actor,
            )
            if state == "notice":
                continue
            decided = withdrawal.notice_ends_on + dt.timedelta(days=self.rng.randint(0, 6))
            withdrawal = services.withdrawal_decide(
                withdrawal=withdrawal,
                approve=state != "refused",
                decided_on=decided,
                solvency_considered=True,
                board_minute_reference=f"BM {decided:%Y}/{decided.month:02d}",
                note="Reserves would fall below three months' costs" if state == "refused" else "",
                actor=self.staff["board"],
            )
            if state == "paid":
                services.withdrawal_pay(
                    withdrawal=withdrawal,
                    paid_on=min(decided + dt.timedelta(days=7), self.end),
                    actor=self.actor,
                )

    def _held(self, member: Member) -> int:
        """Community shares the member holds today."""
        community = self.s.community
        assert community is not None
        holdings = selectors.holdings_for_members(self.org, [member.pk]).get(member.pk, {})
        holding = holdings.get(community.pk)
        return holding.shares if holding else 0
