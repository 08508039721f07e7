"""The one rule of what a secret ballot may disclose (`voting.disclosure`), checked by hand."""

from __future__ import annotations

from voting import disclosure, rules


def test_a_group_is_shown_apart_from_five_voters():
    assert disclosure.MIN_GROUP == 5
    assert [disclosure.group_shown(n) for n in (0, 1, 4, 5, 6)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    # The readers that ask `rules` ask the same rule.
    assert rules.MINIMUM_GROUP_FOR_BREAKDOWN == disclosure.MIN_GROUP
    assert rules.may_show_breakdown is disclosure.group_shown


def test_a_breakdown_is_all_or_nothing():
    assert disclosure.breakdown_shown([5, 9, 12])
    assert disclosure.breakdown_shown([5, 0])  # an empty group holds nobody's paper
    assert not disclosure.breakdown_shown([5, 9, 4])  # 4 would be found by subtraction
    assert disclosure.breakdown_shown([])


def _result(*classes: tuple[str, dict[str, int]], weighted: bool = True) -> dict:
    return {
        "kind": "resolution",
        "votes": {"for": 9, "against": 3, "abstain": 0, "blank": 1},
        "is_weighted": weighted,
        "majority_in_every_class": False,
        "classes": [
            {"class": code, "votes": votes, "multiplier": "1.00000", "voters": sum(votes.values())}
            for code, votes in classes
        ],
    }


def test_the_public_result_leaves_out_every_class_if_one_is_small():
    small = _result(("users", {"for": 5, "against": 1}), ("workers", {"for": 3, "against": 1}))
    shown, hidden = disclosure.public_result(small)
    assert hidden
    assert shown["classes"] == []
    assert shown["votes"] == small["votes"]  # the totals stay
    assert small["classes"]  # the stored result is not changed

    large = _result(("users", {"for": 5}), ("workers", {"for": 3, "against": 2}))
    shown, hidden = disclosure.public_result(large)
    assert not hidden
    assert [c["class"] for c in shown["classes"]] == ["users", "workers"]
    # Without a `voters` count, a class's votes are its voters.
    del large["classes"][1]["voters"]
    large["classes"][1]["votes"] = {"for": 1}
    assert disclosure.public_result(large)[1]
    assert disclosure.public_result(None) == ({}, False)


def test_a_weighted_result_names_the_small_classes_it_may_reveal():
    two = _result(("users", {"for": 1}), ("supporters", {"against": 1}), ("workers", {}))
    assert disclosure.revealing_classes(two) == ["users", "supporters"]
    assert disclosure.revealing_classes({**two, "is_weighted": False}) == []
    assert disclosure.revealing_classes(
        {**two, "is_weighted": False, "majority_in_every_class": True}
    ) == ["users", "supporters"]
    assert disclosure.revealing_classes(None) == []


def test_before_opening_the_small_classes_of_a_weighted_count_are_named():
    electorates = {"users": 1, "workers": 0, "supporters": 4, "investors": 5}
    assert disclosure.classes_at_risk(electorates, weighted=True) == ["users", "supporters"]
    assert disclosure.classes_at_risk(electorates, weighted=False) == []


def test_the_recount_kit_gives_the_class_only_where_counted_and_every_group_is_large():
    assert disclosure.kit_classes(count_uses_classes=False, group_sizes=[9, 9]) == (
        disclosure.KitClasses(False, disclosure.CLASS_NOT_COUNTED)
    )
    assert disclosure.kit_classes(count_uses_classes=True, group_sizes=[9, 1]) == (
        disclosure.KitClasses(False, disclosure.CLASS_GROUP_TOO_SMALL)
    )
    assert disclosure.kit_classes(count_uses_classes=True, group_sizes=[9, 5]).included


def test_a_show_of_hands_of_fewer_than_five_keeps_no_counts_in_the_audit_trail():
    assert disclosure.hands_counts({"for": 2, "against": 2}, 4) is None
    assert disclosure.hands_counts({"for": 3, "against": 2}, 5) == {"for": 3, "against": 2}
