"""Results in words: each outcome states the rule it applied (translatable)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from coop.core.i18n import is_welsh
from voting import rules

THRESHOLD_WORDS = {
    rules.MORE_THAN_HALF: lambda: _("more than half of the votes cast"),
    rules.TWO_THIRDS: lambda: _("at least two thirds of the votes cast"),
    rules.THREE_QUARTERS: lambda: _("at least three quarters of the votes cast"),
}


def _rule_name(result: dict[str, Any]) -> str:
    rule = result.get("rule", {})
    welsh = is_welsh()
    name = (rule.get("name_cy") if welsh and rule.get("name_cy") else rule.get("name")) or ""
    if rule.get("rule_number"):
        return _("%(name)s, %(rule)s") % {"name": name, "rule": rule["rule_number"]}
    if rule.get("rules_version"):
        return _("%(name)s, %(rules)s") % {"name": name, "rules": rule["rules_version"]}
    return name


def outcome_label(result: dict[str, Any]) -> str:
    outcome = result.get("outcome")
    if outcome == rules.CARRIED:
        return _("Carried")
    if outcome == rules.LOST:
        return _("Not carried")
    if outcome == rules.AWAITING_CASTING_VOTE:
        return _("Tied: waiting for the chair's casting vote")
    return ""


def describe_resolution(result: dict[str, Any]) -> str:
    """One or two sentences: the outcome, the share for, and the rule that decided it."""
    needed = THRESHOLD_WORDS[result["threshold"]]()
    base = (
        _("Abstentions count in the votes cast.")
        if result["abstentions_in_base"]
        else _("Abstentions are not counted as votes cast.")
    )
    parts = [
        _("%(outcome)s: %(share)s%% of the votes cast were for. It needed %(needed)s (%(rule)s).")
        % {
            "outcome": outcome_label(result),
            "share": result["share_for_percent"],
            "needed": needed,
            "rule": _rule_name(result),
        },
        base,
    ]
    if result.get("is_weighted"):
        parts.append(_("Votes were weighted by member class as the rules require."))
    reasons = result.get("reasons", [])
    if "no_votes" in reasons:
        parts = [_("Not carried: no votes were cast for or against.")]
    if "turnout_floor" in reasons:
        parts.append(
            _(
                "Turnout was below the minimum of %(floor)s%% the rules require, so it "
                "is not carried."
            )
            % {"floor": result["turnout_floor_percent"]}
        )
    if "tie" in reasons:
        if "casting_vote" in reasons:
            parts.append(_("The votes were tied; the chair's casting vote decided it."))
        elif result.get("chair_casting_vote"):
            parts.append(_("The votes are tied; the rules give the chair a casting vote."))
        else:
            parts.append(
                _("The votes were tied; with no casting vote in the rules, a tied motion is lost.")
            )
    if "class_majority" in reasons and result["outcome"] == rules.LOST:
        parts.append(
            _("It did not reach the threshold in every member class, as the rules require.")
        )
    elif "class_majority" in reasons:
        parts.append(_("It reached the threshold in every member class, as the rules require."))
    if result.get("rule", {}).get("requires_confirmation") and result["outcome"] == rules.CARRIED:
        parts.append(_("It must be confirmed at a second meeting (CCBS Act 2014 s.111)."))
    return " ".join(parts)


def describe(result: dict[str, Any] | None) -> str:
    if not result:
        return ""
    if result.get("kind") == "resolution":
        return describe_resolution(result)
    if result.get("kind") == "choice":
        text = _("The %(k)s with the most votes are chosen.") % {"k": result["seats"]}
        if result.get("tie_broken_by_lot"):
            text += " " + _("A tie for the last place was decided by lot (seed %(seed)s).") % {
                "seed": result["seed"]
            }
        return text
    if result.get("kind") == "stv":
        return _(
            "Counted by the single transferable vote under the Scottish rules (Scottish "
            "Local Government Elections Order 2011, Schedule 1, rules 46 to 53): Droop "
            "quota %(quota)s, transfer values truncated to five decimal places. Seed for "
            "any lots: %(seed)s."
        ) % {"quota": result.get("quota", ""), "seed": result.get("seed", "")}
    return ""
