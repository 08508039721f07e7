"""Years of a demo co-op's life, written through the membership services in date order:
members joining (some through the join page), shares allotted and paid, community shares
bought, transferred, credited with interest and withdrawn, members leaving, a correction,
officers coming and going, nominations, joint holders and applications still waiting."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from coop.core.models import User
from coop.demo.community_shares import CommunityShareHistory
from coop.demo.cooperatives import CoopSpec, Structure
from coop.demo.people import address, birth_date, day_between, email_for, person_name
from membership import services
from membership.models import Member, Nomination, Officer, ShareTransaction

D = dt.date
YEAR = dt.timedelta(days=365)


@dataclass
class Joiner:
    entered_on: dt.date
    cls: str
    user: User | None = None


class History(CommunityShareHistory):
    """The life of one co-op from its registration to `end` (and a few things still open
    today). Every choice comes from `rng`, so every run writes the same history."""

    def __init__(
        self,
        spec: CoopSpec,
        structure: Structure,
        *,
        staff: dict[str, User],
        rng: random.Random,
        end: dt.date,
    ) -> None:
        self.spec = spec
        self.s = structure
        self.org = structure.organisation
        self.staff = staff
        self.actor = staff["secretary"]
        self.rng = rng
        self.end = end
        self.today = timezone.localdate()
        self.members: list[Member] = []
        self.special: set[int] = set()  # members whose story is told elsewhere

    def write(self) -> list[Member]:
        self._members()
        self._correction()
        if self.s.community is not None:
            self._community_shares()
        self._leavers()
        self._suspension()
        self._officers()
        self._nominations()
        self._joint_holders()
        self._applications()
        return self.members

    # --- Joining -------------------------------------------------------------------------------

    def _joiners(self) -> list[Joiner]:
        start = self.spec.registered_on + dt.timedelta(days=14)
        last = self.end - dt.timedelta(days=60)
        joiners = [
            Joiner(day_between(self.rng, start, last), cls.code)
            for cls in self.spec.classes
            for _ in range(cls.count)
        ]
        joiners += [
            Joiner(start + dt.timedelta(days=40), "workers", self.staff["board"]),
            Joiner(start + dt.timedelta(days=400), "users", self.staff["member1"]),
            Joiner(start + dt.timedelta(days=700), "supporters", self.staff["member2"]),
        ]
        return sorted(joiners, key=lambda j: (j.entered_on, j.cls, j.user is None))

    def _members(self) -> None:
        rng = self.rng
        for joiner in self._joiners():
            user = joiner.user
            name = user.full_name if user else person_name(rng)
            postal_address, postcode = address(rng, self.spec.place)
            number_hint = len(self.members) + 1
            email = (
                user.email
                if user
                else (email_for(name, number_hint) if rng.random() < 0.85 else "")
            )
            member = services.member_register(
                organisation=self.org,
                name=name,
                member_class=self.s.classes[joiner.cls],
                entered_on=joiner.entered_on,
                postal_address=postal_address,
                postcode=postcode,
                email=email,
                email_for_notices=bool(email),
                email_for_ballots=bool(email) and rng.random() < 0.9,
                email_for_news=bool(email) and rng.random() < 0.4,
                phone=f"01{rng.randint(597, 686)} {rng.randint(100000, 999999)}"
                if rng.random() < 0.5
                else "",
                date_of_birth=birth_date(rng, joiner.entered_on) if rng.random() < 0.4 else None,
                preferred_language="cy"
                if (user and user.preferred_language == "cy") or rng.random() < 0.35
                else "en-gb",
                user=user,
                actor=self.actor,
            )
            self.members.append(member)
            if user is not None:
                self.special.add(member.pk)
            # One in twenty pays for their share a few weeks after joining.
            pays_later = (
                rng.random() < 0.05 and joiner.entered_on + dt.timedelta(days=40) <= self.end
            )
            services.shares_allot(
                member=member,
                share_class=self.s.membership,
                shares=1,
                effective_on=joiner.entered_on,
                paid_pence=0 if pays_later else 100,
                reason="Admission to membership",
                actor=self.actor,
            )
            if pays_later:
                services.payment_record(
                    member=member,
                    share_class=self.s.membership,
                    amount_pence=100,
                    effective_on=joiner.entered_on + dt.timedelta(days=rng.randint(7, 40)),
                    reason="Paid by standing order",
                    actor=self.actor,
                )

    def _pick(
        self, count: int, *, cls: str | None = None, before: dt.date | None = None
    ) -> list[Member]:
        """`count` members not yet given a story, of a class and entered before a day."""
        pool = [
            m
            for m in self.members
            if m.pk not in self.special
            and (cls is None or m.member_class.code == cls)
            and (before is None or m.entered_on < before)
        ]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        self.special.update(m.pk for m in chosen)
        return chosen

    # --- A correction --------------------------------------------------------------------------

    def _correction(self) -> None:
        """A share cancelled on the wrong member's account, put right by a reversing entry."""
        [member] = self._pick(1, before=self.end - YEAR)
        cancellation = services.shares_cancel(
            member=member,
            share_class=self.s.membership,
            shares=1,
            effective_on=member.entered_on + dt.timedelta(days=200),
            reason="Membership share cancelled on leaving (rule 9)",
            actor=self.actor,
        )
        services.ledger_correct(
            entry=cancellation,
            reason="Cancelled on the wrong member's account: this member has not left",
            actor=self.actor,
        )

    # --- Leaving -------------------------------------------------------------------------------

    def _leavers(self) -> None:
        reasons = [Member.CeasedReason.WITHDRAWAL] * 7 + [
            Member.CeasedReason.DEATH,
            Member.CeasedReason.DEATH,
            Member.CeasedReason.INELIGIBLE,
        ]
        leavers = self._pick(max(3, len(self.members) // 18), before=self.end - 2 * YEAR)
        for member in leavers:
            last = (
                ShareTransaction.objects.filter(member=member)
                .order_by("-effective_on")
                .values_list("effective_on", flat=True)
                .first()
            )
            assert last is not None
            day = day_between(self.rng, last + YEAR, self.end - dt.timedelta(days=10))
            reason = self.rng.choice(reasons)
            services.shares_cancel(
                member=member,
                share_class=self.s.membership,
                shares=1,
                effective_on=day,
                reason="Membership share cancelled on leaving (rule 9)",
                actor=self.actor,
            )
            services.member_cease(
                member=member,
                ceased_on=day,
                reason=reason,
                note="Moved away from the area" if reason == "ineligible" else "",
                actor=self.actor,
            )

    def _suspension(self) -> None:
        [member] = self._pick(1)
        services.member_suspend(
            member=member,
            reason="Suspended by the board under rule 11 pending a conduct hearing",
            actor=self.staff["board"],
        )

    # --- Officers, nominations, joint holders, applications --------------------------------------

    def _one(self, cls: str, before: dt.date) -> Member | None:
        chosen = self._pick(1, cls=cls, before=before)
        return chosen[0] if chosen else None

    def _appoint(
        self,
        office: str,
        on: dt.date,
        member: Member | None,
        name: str = "",
        **terms: object,
    ) -> Officer:
        return services.officer_appoint(
            organisation=self.org,
            name=member.name if member else name or person_name(self.rng),
            office=office,
            appointed_on=on,
            member=member,
            term_ends_on=on + 3 * YEAR,
            actor=self.actor,
            **terms,  # type: ignore[arg-type]
        )

    def _officers(self) -> None:
        """Chairs, secretaries, a treasurer and directors in the seats reserved per class,
        with the terms that have ended kept as history."""
        start = self.spec.registered_on
        first_agm = start + YEAR
        second_term = first_agm + 3 * YEAR
        office = Officer.Office
        chair = self._appoint(office.CHAIR, first_agm, self._one("users", first_agm))
        services.officer_end(
            officer=chair, ended_on=second_term, reason="Term ended at the AGM", actor=self.actor
        )
        self._appoint(office.CHAIR, second_term, self._one("users", second_term))
        first_secretary = self._appoint(
            office.SECRETARY, start, None, appointment=Officer.Appointment.APPOINTED
        )
        handover = max(start + 2 * YEAR, D(2021, 4, 1))
        services.officer_end(
            officer=first_secretary, ended_on=handover, reason="Resigned", actor=self.actor
        )
        self._appoint(
            office.SECRETARY,
            handover,
            None,
            self.actor.full_name,
            appointment=Officer.Appointment.APPOINTED,
        )
        self._appoint(office.TREASURER, first_agm, self._one("supporters", first_agm))
        board_member = next(m for m in self.members if m.user_id == self.staff["board"].pk)
        for cls in self.spec.classes:
            seats = cls.reserved_board_seats
            seat_class = self.s.classes[cls.code]
            if cls.code == "workers":
                self._appoint(office.DIRECTOR, first_agm, board_member, member_class=seat_class)
                seats -= 1
            for member in self._pick(seats, cls=cls.code, before=second_term):
                self._appoint(office.DIRECTOR, second_term, member, member_class=seat_class)
        resigned = self._one("users", first_agm)
        if resigned is not None:
            director = self._appoint(
                office.DIRECTOR, first_agm, resigned, member_class=self.s.classes["users"]
            )
            services.officer_end(
                officer=director,
                ended_on=first_agm + dt.timedelta(days=400),
                reason="Resigned for health reasons",
                actor=self.actor,
            )

    def _nominations(self) -> None:
        relationships = [r for r in Nomination.Relationship.values if r != "other"]
        for member in self._pick(12):
            if member.kind != Member.Kind.PERSON:
                continue
            nomination = services.nomination_record(
                member=member,
                nominee_name=person_name(self.rng),
                nominee_address=address(self.rng, self.spec.place)[0],
                relationship=self.rng.choice(relationships),
                nominee_is_officer_or_employee=self.rng.random() < 0.1,
                received_on=day_between(self.rng, member.entered_on, self.end),
                actor=self.actor,
            )
            if self.rng.random() < 0.15 and nomination.received_on + YEAR <= self.end:
                revoked = nomination.received_on + YEAR
                services.nomination_revoke(
                    nomination=nomination, revoked_on=revoked, actor=self.actor
                )
                services.nomination_record(
                    member=member,
                    nominee_name=person_name(self.rng),
                    nominee_address=address(self.rng, self.spec.place)[0],
                    relationship=Nomination.Relationship.OTHER,
                    received_on=revoked,
                    maximum_pence=250_000,
                    actor=self.actor,
                )

    def _joint_holders(self) -> None:
        for member in self._pick(2, cls="users"):
            services.joint_holder_add(
                member=member,
                name=f"{person_name(self.rng).split()[0]} {member.name.split()[-1]}",
                postal_address=member.postal_address,
                is_designated_voter=False,
                actor=self.actor,
            )

    def _applications(self) -> None:
        """Three wait for the board; two were admitted and one declined this month."""
        rng = self.rng
        decided = self.today - dt.timedelta(days=12)
        for index in range(6):
            name = person_name(rng)
            postal_address, postcode = address(rng, self.spec.place)
            application = services.application_submit(
                organisation=self.org,
                name=name,
                email=email_for(name, 9000 + index),
                postal_address=postal_address,
                postcode=postcode,
                member_class=self.s.classes[rng.choice(["users", "workers", "supporters"])],
                share_class=self.s.membership,
                shares_requested=1,
                amount_paid_pence=100,
                declaration=True,
                preferred_language=rng.choice(["cy", "en-gb"]),
            )
            if index < 2:
                self.members.append(
                    services.member_admit(
                        application=application,
                        decided_on=decided,
                        board_minute_reference=f"BM {decided:%Y}/{decided.month:02d}",
                        actor=self.staff["board"],
                    )
                )
            elif index == 2:
                services.application_reject(
                    application=application,
                    reason="Lives outside the area of benefit (rule 4): referred to a "
                    "neighbouring co-op",
                    actor=self.staff["board"],
                )
