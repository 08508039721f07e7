"""Routes of the joint bids API, under `/api/v1/organisations/{slug}/` of a consortium."""

from django.urls import URLPattern, path

from api.tendering import answers, bids, capacity, opportunities, participants, work

ORG = "organisations/<slug:slug>/"
OPPORTUNITY = ORG + "opportunities/<int:pk>/"
BID = ORG + "bids/<int:pk>/"
PARTICIPANT = BID + "participants/<int:participant_id>/"
ANSWER = BID + "answers/<int:answer_id>/"

urlpatterns: list[URLPattern] = [
    # Opportunities.
    path(
        ORG + "opportunities/",
        opportunities.OpportunityListView.as_view(),
        name="tender-opportunities",
    ),
    path(
        ORG + "opportunities/import/",
        opportunities.OpportunityImportView.as_view(),
        name="tender-opportunity-import",
    ),
    path(OPPORTUNITY, opportunities.OpportunityDetailView.as_view(), name="tender-opportunity"),
    path(OPPORTUNITY + "lots/", opportunities.LotListView.as_view(), name="tender-lots"),
    path(OPPORTUNITY + "criteria/", opportunities.CriteriaView.as_view(), name="tender-criteria"),
    path(
        OPPORTUNITY + "questions/",
        opportunities.QuestionListView.as_view(),
        name="tender-questions",
    ),
    path(
        OPPORTUNITY + "documents/",
        opportunities.DocumentListView.as_view(),
        name="tender-documents",
    ),
    # The answer library.
    path(ORG + "answer-library/", answers.LibraryListView.as_view(), name="answer-library"),
    # Bids: the dashboard, the plan, the state machine, go/no-go, the checklist, OCDS.
    path(ORG + "bids/", bids.BidListView.as_view(), name="bids"),
    path(BID, bids.BidDetailView.as_view(), name="bid"),
    path(BID + "transitions/", bids.BidTransitionView.as_view(), name="bid-transitions"),
    path(BID + "submit/", bids.BidSubmitView.as_view(), name="bid-submit"),
    path(BID + "go/board/", bids.GoBoardView.as_view(), name="bid-go-board"),
    path(BID + "go/ballot/", bids.GoBallotView.as_view(), name="bid-go-ballot"),
    path(BID + "go/ballot/result/", bids.GoBallotResultView.as_view(), name="bid-go-result"),
    path(BID + "checklist/", bids.ChecklistView.as_view(), name="bid-checklist"),
    path(BID + "ocds/", bids.OcdsView.as_view(), name="bid-ocds"),
    # Member co-ops.
    path(
        BID + "participants/", participants.ParticipantListView.as_view(), name="bid-participants"
    ),
    path(PARTICIPANT, participants.ParticipantDetailView.as_view(), name="bid-participant"),
    path(
        PARTICIPANT + "approve/",
        participants.ParticipantApproveView.as_view(),
        name="bid-participant-approve",
    ),
    path(
        PARTICIPANT + "authorise/",
        participants.ParticipantAuthoriseView.as_view(),
        name="bid-participant-authorise",
    ),
    path(
        PARTICIPANT + "withdraw/",
        participants.ParticipantWithdrawView.as_view(),
        name="bid-participant-withdraw",
    ),
    path(BID + "lead/", participants.LeadView.as_view(), name="bid-lead"),
    path(BID + "my-part/", participants.MyPartView.as_view(), name="bid-my-part"),
    # Capacity and prices.
    path(BID + "capacity/", capacity.CapacityListView.as_view(), name="bid-capacity"),
    path(BID + "commitments/", capacity.CommitmentListView.as_view(), name="bid-commitments"),
    path(
        BID + "commitments/<int:commitment_id>/",
        capacity.CommitmentDetailView.as_view(),
        name="bid-commitment",
    ),
    path(BID + "coverage/", capacity.CoverageView.as_view(), name="bid-coverage"),
    path(BID + "prices/", capacity.ConsolidatedPriceListView.as_view(), name="bid-prices"),
    path(
        PARTICIPANT + "prices/",
        capacity.MemberPriceListView.as_view(),
        name="bid-participant-prices",
    ),
    # Answers.
    path(BID + "answers/", answers.AnswerListView.as_view(), name="bid-answers"),
    path(BID + "answers/assign/", answers.AnswerAssignView.as_view(), name="bid-answer-assign"),
    path(ANSWER, answers.AnswerDetailView.as_view(), name="bid-answer"),
    path(ANSWER + "submit/", answers.AnswerSubmitView.as_view(), name="bid-answer-submit"),
    path(ANSWER + "review/", answers.AnswerReviewView.as_view(), name="bid-answer-review"),
    path(ANSWER + "reopen/", answers.AnswerReopenView.as_view(), name="bid-answer-reopen"),
    path(
        ANSWER + "versions/",
        answers.AnswerVersionListView.as_view(),
        name="bid-answer-versions",
    ),
    path(
        ANSWER + "use-library/",
        answers.AnswerLibraryUseView.as_view(),
        name="bid-answer-use-library",
    ),
    # Evidence, social value, sign-off.
    path(BID + "evidence/", work.EvidenceListView.as_view(), name="bid-evidence"),
    path(BID + "social-value/", work.SocialValueView.as_view(), name="bid-social-value"),
    path(BID + "sign-offs/", work.SignOffListView.as_view(), name="bid-signoffs"),
    path(
        PARTICIPANT + "sign-off/",
        work.SignOffRecordView.as_view(),
        name="bid-participant-sign-off",
    ),
]
