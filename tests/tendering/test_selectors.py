"""The page selectors of tendering: the dashboard (gates, deadlines, answer counts) in a
constant number of queries, the coverage matrix, consolidated prices, answer rows, the people
of a co-op, and the co-ops a user acts for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coop.core.permissions import Role
from coop.core.services import role_grant
from membership import services as membership_services
from tendering import permissions, selectors, services
from tendering.models import JointBid
from tests.tendering.test_pages_setup import build, consortium, person_of, user


@pytest.fixture
def organisation(db):
    return consortium()


def _fresh(bid: JointBid) -> JointBid:
    return JointBid.objects.select_related("opportunity", "consortium", "lead").get(pk=bid.pk)


def _queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


@pytest.mark.parametrize(
    "reader", [selectors.bid_dashboard, selectors.coverage_matrix, selectors.consolidated_prices,
               selectors.answer_rows],
)  # fmt: skip
def test_page_selectors_make_as_many_queries_for_a_big_bid_as_for_a_small_one(db, reader):
    small = _fresh(build(consortium(slug="s"), members=2, lots=2, questions=5).bid)
    large = _fresh(build(consortium(slug="l"), members=6, lots=6, questions=20).bid)

    assert _queries(reader, small) == _queries(reader, large)


@time_machine.travel(dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_lists_failing_gates_with_their_deadline(organisation):
    scenario = build(organisation, stage="drafting")
    bid = _fresh(scenario.bid)

    dashboard = selectors.bid_dashboard(bid)

    assert [g.code for g in dashboard.failing] == ["answers", "signoffs"]
    answers = dashboard.failing[0]
    assert answers.due == bid.answers_due
    assert dashboard.failing[1].due == bid.signoff_due
    assert [g.due for g in dashboard.gates if g.code == "coverage"] == [
        bid.opportunity.submission_deadline
    ]
    assert [d.code for d in dashboard.deadlines] == [
        "clarification_deadline",
        "answers_due",
        "prices_due",
        "signoff_due",
        "submission_deadline",
    ]
    assert [d.days_left for d in dashboard.deadlines] == [10, 20, 21, 25, 30]
    assert [s.to for s in dashboard.next_steps] == [
        "in_review",
        "withdrawn",
        "lapsed",
        "replanning",
    ]
    assert [s.needs_reason for s in dashboard.next_steps] == [False, True, True, False]


def test_answer_counts_count_each_co_ops_answer_and_the_unstarted_ones(organisation):
    scenario = build(organisation, members=3, stage="approved", questions=8)
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    # 8 questions: 6 once for the consortium, 2 (1.3, 1.7) once per co-op: 12 answers wanted.
    first = scenario.questions[0]
    answer = services.answer_assign(bid=scenario.bid, question=first, author=None, actor=None)
    services.answer_save(answer=answer, text="Draft.", actor=None)
    each = scenario.questions[3]
    services.answer_assign(
        bid=scenario.bid,
        question=each,
        author=None,
        participant=scenario.participants[0],
        actor=None,
    )

    bid = _fresh(scenario.bid)
    counts = selectors.answer_counts(bid, selectors.bid_participants(bid))

    assert counts == [
        ("not_started", "Not started", 11),
        ("draft", "Draft", 1),
        ("in_review", "In review", 0),
        ("approved", "Approved", 0),
    ]


def test_the_coverage_matrix_has_a_cell_per_lot_and_co_op(organisation):
    scenario = build(organisation, members=2, lots=2, stage="drafting")
    a, b = scenario.participants
    services.commitment_remove(commitment=b.commitments.get(lot=scenario.lots[1]), actor=None)
    services.capacity_declare(
        consortium=organisation, member=a.member, hours_per_week="15", actor=None
    )

    matrix = selectors.coverage_matrix(_fresh(scenario.bid))

    assert [c.participant.pk for c in matrix.columns] == [a.pk, b.pk]
    assert [c.total for c in matrix.columns] == [Decimal("20.00"), Decimal("10.00")]
    assert matrix.columns[0].over_committed == (Decimal("20.00"), Decimal("15.00"))
    assert matrix.columns[0].capacity == Decimal("15.00")
    row1, row2 = matrix.rows
    assert [(c.hours, c.role) if c else None for c in row1.cells] == [
        (Decimal("10.00"), "primary"),
        (Decimal("10.00"), "secondary"),
    ]
    assert (row1.committed, row1.gap, row1.is_covered) == (Decimal("20.00"), 0, True)
    assert row2.cells[1] is None
    assert (row2.committed, row2.gap, row2.has_primary, row2.is_covered) == (
        Decimal("10.00"),
        Decimal("10.00"),
        True,
        False,
    )
    assert not matrix.is_met


def test_consolidated_prices_weight_each_rate_by_the_hours_committed(organisation):
    scenario = build(organisation, members=2, lots=1, stage="drafting")
    a, b = scenario.participants
    lot = scenario.lots[0]
    services.commitment_set(participant=a, lot=lot, hours_per_week="30", actor=None)
    # A: £23.00 × 30 hours; B: £27.00 × 10 hours → (690 + 270) / 40 = £24.00.
    services.price_line_set(
        participant=b, lot=lot, pay_pence=1800, on_costs_pence=300, travel_pence=200,
        overhead_pence=300, margin_pence=100, actor=None,
    )  # fmt: skip

    (row,) = selectors.consolidated_prices(_fresh(scenario.bid))

    assert (row.rate_type, row.consolidated_pence) == ("standard", 2400)
    assert row.yearly_value_pence == 2400 * 20 * 52
    assert row.problems == []
    assert [line.participant_id for line in row.lines] == [a.pk, b.pk]


def test_a_price_above_the_ceiling_after_the_hours_change_is_a_problem(organisation):
    scenario = build(organisation, members=2, lots=1, stage="drafting")
    b = scenario.participants[1]
    lot = scenario.lots[0]
    services.price_line_set(
        participant=b, lot=lot, pay_pence=2500, on_costs_pence=300, travel_pence=100,
        actor=None,
    )  # fmt: skip
    services.commitment_set(participant=b, lot=lot, hours_per_week="90", actor=None)
    lot.rate_ceiling_pence = 2800
    lot.save()

    (row,) = selectors.consolidated_prices(_fresh(scenario.bid))

    # (2300 × 10 + 2900 × 90) / 100 = 2840 > 2800.
    assert row.consolidated_pence == 2840
    assert row.problems == ["The consortium rate £28.40 an hour is above the ceiling of £28.00."]


def test_answer_rows_of_one_co_op_hold_only_its_own_answers(organisation):
    scenario = build(organisation, members=2, questions=8, stage="drafting")
    a = scenario.participants[0]

    rows = selectors.answer_rows(_fresh(scenario.bid), participant=a)

    assert [(r.question.number, r.participant.pk) for r in rows] == [
        ("1.3", a.pk),
        ("1.7", a.pk),
    ]
    assert all(r.status == "draft" and r.within_limit for r in rows)
    assert rows[0].count == 4


def test_a_co_ops_bid_officers_are_its_secretary_and_bid_managers_only(organisation):
    """The rule of `tendering.permissions`: the co-op's secretary and bid managers act for it
    in bids; its plain members, board members and representatives (who vote for it in the
    consortium) do not."""
    scenario = build(organisation, stage="identified")
    coop = scenario.coops[0]
    secretary = person_of(coop, "sec@coop-a.example.org")
    manager = person_of(coop, "bids@coop-a.example.org", Role.BID_MANAGER)
    member = person_of(coop, "mem@coop-a.example.org", Role.MEMBER)
    board = person_of(coop, "board@coop-a.example.org", Role.BOARD_MEMBER)
    rep = user("rep@coop-a.example.org", "Rep")
    membership_services.representative_add(
        member=coop, name="Rep", started_on=coop.entered_on, user=rep, actor=None
    )
    other = person_of(scenario.coops[1], "b@coop-b.example.org")

    assert permissions.officers_of(coop) == {secretary.pk, manager.pk}
    assert permissions.acted_for(secretary, organisation) == frozenset({coop.pk})
    assert permissions.acted_for(manager, organisation) == frozenset({coop.pk})
    for nobody in (member, board, rep):
        assert permissions.acted_for(nobody, organisation) == frozenset()
    assert permissions.acted_for(other, organisation) == frozenset({scenario.coops[1].pk})


def test_a_consortium_role_alone_does_not_make_someone_a_co_ops_officer(organisation, board_member):
    build(organisation, stage="identified")
    role_grant(organisation=organisation, user=board_member, role=Role.MEMBER, actor=None)

    assert permissions.acted_for(board_member, organisation) == frozenset()


def test_answer_counts_leave_out_questions_of_lots_the_bid_does_not_cover(organisation):
    scenario = build(organisation, members=2, lots=2, questions=2, stage="drafting")
    lot1, lot2 = scenario.lots
    for participant in scenario.participants:
        services.commitment_remove(commitment=participant.commitments.get(lot=lot2), actor=None)
    services.question_add(
        opportunity=scenario.opportunity,
        section="Lot 2",
        number="9.1",
        text="How will you cover the hills of lot 2?",
        limit=100,
        lots=[lot2],
        actor=None,
    )
    services.question_add(
        opportunity=scenario.opportunity,
        section="Lot 1",
        number="9.2",
        text="How will you cover the town of lot 1?",
        limit=100,
        lots=[lot1],
        actor=None,
    )
    bid = _fresh(scenario.bid)

    rows = selectors.answer_counts(bid, selectors.bid_participants(bid))
    counts = {status: n for status, _label, n in rows}

    # 1.0 and 1.1 drafted; 9.2 (lot 1) still to start; 9.1 (lot 2, not bid for) not needed.
    assert counts == {"not_started": 1, "draft": 2, "in_review": 0, "approved": 0}
