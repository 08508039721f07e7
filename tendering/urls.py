"""URLs of the joint bid pages, under `/o/<consortium>/bids/`."""

from django.urls import path

from tendering.views import (
    answers,
    bids,
    capacity,
    evidence,
    library,
    opportunities,
    participants,
    prices,
)

app_name = "tendering"

_opportunity = "opportunities/<int:pk>"
_bid = "<int:pk>"
_participant = f"{_bid}/co-ops/<int:participant_id>"
_answer = f"{_bid}/answers/<int:answer_id>"

urlpatterns = [
    # Opportunities and the consortium's bids.
    path("", opportunities.index, name="index"),
    path("opportunities/new/", opportunities.opportunity_create, name="opportunity_create"),
    path("opportunities/import/", opportunities.opportunity_import, name="opportunity_import"),
    path(f"{_opportunity}/", opportunities.opportunity_detail, name="opportunity"),
    path(f"{_opportunity}/lots/new/", opportunities.lot_add, name="lot_add"),
    path(f"{_opportunity}/criteria/", opportunities.criteria_set, name="criteria_set"),
    path(f"{_opportunity}/questions/new/", opportunities.question_add, name="question_add"),
    path(f"{_opportunity}/documents/new/", opportunities.document_add, name="document_add"),
    path(f"{_opportunity}/bid/", opportunities.bid_create, name="bid_create"),
    # The answer library.
    path("library/", library.library, name="library"),
    path("library/new/", library.library_add, name="library_add"),
    # A bid: the dashboard, its steps, go/no-go.
    path(f"{_bid}/", bids.bid_dashboard, name="bid"),
    path(f"{_bid}/plan/", bids.bid_plan, name="bid_plan"),
    path(f"{_bid}/step/", bids.bid_transition, name="bid_transition"),
    path(f"{_bid}/submit/", bids.bid_submit, name="bid_submit"),
    path(f"{_bid}/go/", bids.go, name="go"),
    path(f"{_bid}/go/board/", bids.go_decide, name="go_decide"),
    path(f"{_bid}/go/ballot/", bids.go_ballot_open, name="go_ballot_open"),
    path(f"{_bid}/go/ballot/result/", bids.go_from_ballot, name="go_from_ballot"),
    # Member co-ops.
    path(f"{_bid}/co-ops/", participants.participants, name="participants"),
    path(f"{_bid}/co-ops/invite/", participants.participant_invite, name="participant_invite"),
    path(f"{_bid}/lead/", participants.bid_set_lead, name="bid_set_lead"),
    path(f"{_participant}/", participants.member_part, name="member_part"),
    path(f"{_participant}/approve/", participants.participant_approve, name="participant_approve"),
    path(
        f"{_participant}/delegate/",
        participants.participant_delegate,
        name="participant_delegate",
    ),
    path(
        f"{_participant}/authorise/",
        participants.participant_authorise,
        name="participant_authorise",
    ),
    path(
        f"{_participant}/drop-out/", participants.participant_withdraw, name="participant_withdraw"
    ),
    path(f"{_participant}/prices/", prices.member_prices, name="member_prices"),
    # Capacity and prices.
    path(f"{_bid}/coverage/", capacity.coverage, name="coverage"),
    path(f"{_bid}/coverage/commit/", capacity.commitment_set, name="commitment_set"),
    path(
        f"{_bid}/coverage/<int:commitment_id>/remove/",
        capacity.commitment_remove,
        name="commitment_remove",
    ),
    path(f"{_bid}/capacity/", capacity.capacity_declare, name="capacity_declare"),
    path(f"{_bid}/prices/", prices.prices, name="prices"),
    # Answers and evidence.
    path(f"{_bid}/answers/", answers.answers, name="answers"),
    path(
        f"{_bid}/answers/questions/<int:question_id>/assign/",
        answers.answer_assign,
        name="answer_assign",
    ),
    path(f"{_answer}/", answers.answer, name="answer"),
    path(f"{_answer}/submit/", answers.answer_submit, name="answer_submit"),
    path(f"{_answer}/review/", answers.answer_review, name="answer_review"),
    path(f"{_answer}/reopen/", answers.answer_reopen, name="answer_reopen"),
    path(f"{_answer}/library/", answers.answer_library, name="answer_library"),
    path(f"{_bid}/evidence/", evidence.evidence, name="evidence"),
    path(f"{_bid}/evidence/<int:evidence_id>/file/", evidence.evidence_file, name="evidence_file"),
    # Social value, the checklist, sign-off, the bid pack.
    path(f"{_bid}/social-value/", bids.social_value, name="social_value"),
    path(f"{_bid}/checklist/", bids.checklist, name="checklist"),
    path(f"{_bid}/sign-off/", bids.signoff, name="signoff"),
    path(f"{_participant}/sign-off/", bids.signoff_record, name="signoff_record"),
    path(f"{_bid}/bid-pack.pdf", bids.bid_pack_pdf, name="bid_pack_pdf"),
    path(f"{_bid}/bid-pack.zip", bids.bid_pack_zip, name="bid_pack_zip"),
]
