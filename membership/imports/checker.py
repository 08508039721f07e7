"""The checks of each row of an import against the register rules (no database access: the
facts are loaded up front)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from membership.forms.imports import MemberRowForm
from membership.imports.reading import MEMBER_COLUMNS, ImportRow, Problem, RegisterFacts
from membership.models import Member, ShareClass
from membership.rules import age_on, cap_applies, format_pounds


def _member_value(row: ImportRow, column: str) -> object:
    attribute = {"member_number": "number", "date_entered": "entered_on"}.get(column, column)
    value = getattr(row, attribute)
    return value.casefold() if isinstance(value, str) else value


# Checking -----------------------------------------------------------------------------------


class Checker:
    def __init__(self, facts: RegisterFacts) -> None:
        self.facts = facts
        self.org = facts.organisation
        self.problems: list[Problem] = []
        self.form = MemberRowForm(data={})

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def check_row(self, number: int, values: dict[str, str]) -> ImportRow | None:
        form = self.form.rebind(values)
        valid = form.is_valid()
        for column, messages in form.errors.items():
            for message in messages:
                self.add(number, None if column == "__all__" else column, str(message))
        data = form.cleaned_data
        before = len(self.problems)
        self._check_register_rules(number, data)
        if not valid or len(self.problems) > before:
            return None
        share_class = self.facts.share_classes[data["share_class"]]
        return ImportRow(
            row=number,
            number=data["member_number"],
            name=data["name"].strip(),
            kind=data["kind"],
            member_class=data["member_class"],
            email=data["email"],
            email_for_notices=data["email_for_notices"],
            email_for_ballots=data["email_for_ballots"],
            email_for_news=data["email_for_news"],
            postal_address=data["postal_address"].strip(),
            postcode=data["postcode"],
            entered_on=data["date_entered"],
            share_class=share_class.code,
            shares=data["shares"],
            paid_pence=int(data["amount_paid"] * 100),
            phone=data["phone"].strip(),
            date_of_birth=data["date_of_birth"],
            preferred_language=data["preferred_language"],
            is_registered_society=data["is_registered_society"],
        )

    def _check_register_rules(self, row: int, data: dict[str, object]) -> None:
        facts, org = self.facts, self.org
        member_class = facts.member_classes.get(str(data.get("member_class")))
        if "member_class" in data and member_class is None:
            self.add(
                row,
                "member_class",
                _("%(org)s has no member class “%(code)s”: use one of %(codes)s.")
                % {
                    "org": org.name,
                    "code": data["member_class"],
                    "codes": ", ".join(sorted(facts.member_classes)),
                },
            )
        if (
            member_class is not None
            and member_class.members_are_organisations
            and data.get("kind") == Member.Kind.PERSON
        ):
            self.add(
                row,
                "kind",
                _("Members of the class %(cls)s are organisations: enter “organisation”.")
                % {"cls": member_class.name},
            )
        share_class = facts.share_classes.get(str(data.get("share_class")))
        if "share_class" in data and share_class is None:
            self.add(
                row,
                "share_class",
                _("%(org)s has no share class “%(code)s”: use one of %(codes)s.")
                % {
                    "org": org.name,
                    "code": data["share_class"],
                    "codes": ", ".join(sorted(facts.share_classes)),
                },
            )
        if share_class is not None and member_class is not None:
            allowed = facts.allowed_share_classes.get(member_class.pk, frozenset())
            if allowed and share_class.pk not in allowed:
                self.add(
                    row,
                    "share_class",
                    _(
                        "Members of the class %(mclass)s may not hold %(cls)s (rules on member "
                        "classes)."
                    )
                    % {"mclass": member_class.name, "cls": share_class.name},
                )
        shares = data.get("shares")
        if share_class is not None and isinstance(shares, int):
            self._check_holding(row, share_class, shares, data.get("amount_paid"))
        entered = data.get("date_entered")
        if isinstance(entered, dt.date):
            self._check_entered(row, entered, data)
        born = data.get("date_of_birth")
        if isinstance(born, dt.date) and born > facts.today:
            self.add(row, "date_of_birth", _("The date of birth cannot be in the future."))
        number = data.get("member_number")
        if isinstance(number, int) and number in facts.used_numbers:
            self.add(
                row,
                "member_number",
                _(
                    "Member number %(number)s is already used in %(org)s; member numbers are "
                    "never reused."
                )
                % {"number": number, "org": org.name},
            )
        email = data.get("email")
        if email and email in facts.current_emails:
            self.add(
                row,
                "email",
                _(
                    "Member %(number)s on the register already has this email address: this "
                    "member looks like a duplicate of a current member."
                )
                % {"number": facts.current_emails[str(email)]},
            )

    def _check_holding(
        self, row: int, share_class: ShareClass, shares: int, amount: object
    ) -> None:
        if share_class.maximum_shares is not None and shares > share_class.maximum_shares:
            self.add(
                row,
                "shares",
                _(
                    "%(shares)s shares is above the maximum holding of %(max)s for %(cls)s "
                    "(share class terms)."
                )
                % {"shares": shares, "max": share_class.maximum_shares, "cls": share_class.name},
            )
        if shares < share_class.minimum_shares:
            self.add(
                row,
                "shares",
                _(
                    "%(shares)s shares is below the minimum holding of %(min)s for %(cls)s "
                    "(share class terms)."
                )
                % {"shares": shares, "min": share_class.minimum_shares, "cls": share_class.name},
            )
        value = shares * share_class.nominal_value_pence
        if amount is not None and int(amount * 100) > value:  # type: ignore[operator]
            self.add(
                row,
                "amount_paid",
                _(
                    "The amount paid (%(paid)s) is more than the value of %(shares)s shares of "
                    "%(cls)s (%(value)s): no more than a share's nominal value can be paid on it."
                )
                % {
                    "paid": format_pounds(int(amount * 100)),  # type: ignore[operator]
                    "shares": shares,
                    "cls": share_class.name,
                    "value": format_pounds(value),
                },
            )

    def _check_entered(self, row: int, entered: dt.date, data: dict[str, object]) -> None:
        facts, org = self.facts, self.org
        if entered > facts.today:
            self.add(row, "date_entered", _("The date cannot be in the future."))
            return
        if entered < org.registered_on:
            self.add(
                row,
                "date_entered",
                _("The date cannot be before %(org)s was registered (%(day)s).")
                % {"org": org.name, "day": date_format(org.registered_on)},
            )
            return
        rules = facts.rules_on(entered)
        if rules is None:
            self.add(
                row,
                "date_entered",
                _(
                    "No rules are recorded for %(org)s on %(day)s: record the registered rules "
                    "first."
                )
                % {"org": org.name, "day": date_format(entered)},
            )
            return
        born = data.get("date_of_birth")
        if (
            data.get("kind") == Member.Kind.PERSON
            and isinstance(born, dt.date)
            and age_on(born, entered) < rules.minimum_age
        ):
            self.add(
                row,
                "date_of_birth",
                _(
                    "Members must be at least %(age)s years old when they enter the register "
                    "(%(rule)s)."
                )
                % {"age": rules.minimum_age, "rule": rules.cite("minimum_age")},
            )

    def check_members(self, rows: list[ImportRow]) -> None:
        """Checks across rows: duplicates in the file, and each member's whole holding."""
        groups: dict[tuple[str, ...], list[ImportRow]] = defaultdict(list)
        for row in rows:
            groups[row.member_key()].append(row)
        for group in groups.values():
            first = group[0]
            seen_classes: dict[str, int] = {}
            for row in group:
                if row is not first and row.number is None:
                    self.add(
                        row.row,
                        "name",
                        _(
                            "This member is already in row %(row)s (same name and email address, "
                            "or address). A member who holds two share classes takes two rows "
                            "with the same member_number."
                        )
                        % {"row": first.row},
                    )
                    continue
                if row.share_class in seen_classes:
                    self.add(
                        row.row,
                        "member_number",
                        _(
                            "Member number %(number)s already has a row for %(cls)s (row "
                            "%(row)s): put the whole holding of a class in one row."
                        )
                        % {
                            "number": row.number,
                            "cls": self.facts.share_classes[row.share_class].name,
                            "row": seen_classes[row.share_class],
                        },
                    )
                seen_classes.setdefault(row.share_class, row.row)
                for column in MEMBER_COLUMNS if row is not first else ():
                    if _member_value(row, column) != _member_value(first, column):
                        self.add(
                            row.row,
                            column,
                            _(
                                "Rows of member number %(number)s must agree on %(column)s: row "
                                "%(row)s gives another value."
                            )
                            % {"number": row.number, "column": column, "row": first.row},
                        )
            self._check_member_holding(group)

    def _check_member_holding(self, group: list[ImportRow]) -> None:
        first, classes = group[0], self.facts.share_classes
        rules = self.facts.rules_on(first.entered_on)
        if rules is None:
            return
        qualifying = [c for c in classes.values() if c.qualifies_for_membership]
        held = sum(r.shares for r in group if classes[r.share_class].qualifies_for_membership)
        if qualifying and held < rules.minimum_shares:
            self.add(
                first.row,
                "share_class" if held == 0 else "shares",
                _(
                    "A member must hold at least %(min)s shares of %(cls)s to be a member "
                    "(%(rule)s)."
                )
                % {
                    "min": rules.minimum_shares,
                    "cls": " / ".join(c.name for c in qualifying),
                    "rule": rules.cite("minimum_shares"),
                },
            )
        last = group[-1]
        value = sum(r.shares * classes[r.share_class].nominal_value_pence for r in group)
        if rules.maximum_holding_pence is not None and value > rules.maximum_holding_pence:
            self.add(
                last.row,
                "shares",
                _(
                    "This makes the member's holding %(value)s, above the maximum holding of "
                    "%(max)s (%(rule)s)."
                )
                % {
                    "value": format_pounds(value),
                    "max": format_pounds(rules.maximum_holding_pence),
                    "rule": rules.cite("maximum_holding_pence"),
                },
            )
        withdrawable = sum(
            r.shares * classes[r.share_class].nominal_value_pence
            for r in group
            if classes[r.share_class].is_withdrawable
        )
        registered_society = first.kind == Member.Kind.ORGANISATION and first.is_registered_society
        if (
            cap_applies(is_registered_society=registered_society)
            and withdrawable > rules.individual_cap_pence
        ):
            self.add(
                last.row,
                "shares",
                _(
                    "This makes the member's withdrawable shares worth %(value)s, above the cap "
                    "of %(cap)s for a member who is not a registered society (CCBS Act 2014 "
                    "s.24; %(rule)s)."
                )
                % {
                    "value": format_pounds(withdrawable),
                    "cap": format_pounds(rules.individual_cap_pence),
                    "rule": rules.cite("individual_cap_pence"),
                },
            )
