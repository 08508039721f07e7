"""Routes of the ballots API, under `/api/v1/`."""

from django.urls import path

from api.voting import ballots, casting, proxies, scrutiny, setup

BALLOTS = "organisations/<slug:slug>/ballots/"
BALLOT = BALLOTS + "<int:pk>/"
QUESTION = BALLOT + "questions/<int:question_id>/"
PROXY = BALLOT + "proxies/<int:proxy_id>/"

urlpatterns = [
    path(BALLOTS, ballots.BallotListView.as_view(), name="ballots"),
    path(BALLOT, ballots.BallotDetailView.as_view(), name="ballot"),
    # The secretary's set-up and the ballot's life.
    path(BALLOT + "questions/", setup.QuestionAddView.as_view(), name="ballot-questions"),
    path(QUESTION + "options/", setup.OptionAddView.as_view(), name="ballot-question-options"),
    path(
        QUESTION + "reserved-seats/",
        setup.ReservationSetView.as_view(),
        name="ballot-question-reserved-seats",
    ),
    path(
        QUESTION + "casting-vote/",
        setup.CastingVoteView.as_view(),
        name="ballot-question-casting-vote",
    ),
    path(BALLOT + "schedule/", setup.BallotScheduleView.as_view(), name="ballot-schedule"),
    path(BALLOT + "channels/", setup.BallotChannelsView.as_view(), name="ballot-channels"),
    path(BALLOT + "open/", setup.BallotOpenView.as_view(), name="ballot-open"),
    path(BALLOT + "close/", setup.BallotCloseView.as_view(), name="ballot-close"),
    path(BALLOT + "publish/", setup.BallotPublishView.as_view(), name="ballot-publish"),
    path(BALLOT + "cancel/", setup.BallotCancelView.as_view(), name="ballot-cancel"),
    # Votes.
    path(BALLOT + "cast/", casting.BallotCastView.as_view(), name="ballot-cast"),
    path(BALLOT + "hands/", casting.HandsView.as_view(), name="ballot-hands"),
    path(BALLOT + "proxies/", proxies.ProxyListView.as_view(), name="ballot-proxies"),
    path(PROXY + "revoke/", proxies.ProxyRevokeView.as_view(), name="ballot-proxy-revoke"),
    path(PROXY + "present/", proxies.ProxyPresentView.as_view(), name="ballot-proxy-present"),
    path(PROXY + "cast/", proxies.ProxyCastView.as_view(), name="ballot-proxy-cast"),
    # Turnout, results and scrutiny.
    path(BALLOT + "turnout/", scrutiny.TurnoutView.as_view(), name="ballot-turnout"),
    path(BALLOT + "results/", scrutiny.ResultsView.as_view(), name="ballot-results"),
    path(BALLOT + "receipts/", scrutiny.ReceiptListView.as_view(), name="ballot-receipts"),
    path(BALLOT + "roll/", scrutiny.RollView.as_view(), name="ballot-roll"),
    path(BALLOT + "audit-events/", scrutiny.BallotAuditView.as_view(), name="ballot-audit-events"),
    path(BALLOT + "recount-kit/", scrutiny.RecountKitView.as_view(), name="ballot-recount-kit"),
]
