"""URLs of the ballot pages, under `/o/<organisation>/ballots/`."""

from django.urls import path

from voting.views import ballots, life, results, room, scrutiny, setup, vote

app_name = "voting"

_ballot = "<int:pk>"

urlpatterns = [
    path("", ballots.ballot_list, name="list"),
    path("new/", setup.ballot_create, name="create"),
    path(f"{_ballot}/", ballots.ballot_detail, name="ballot"),
    # A member votes online.
    path(f"{_ballot}/vote/", vote.vote_start, name="vote_start"),
    path(f"{_ballot}/vote/<int:n>/", vote.vote_question, name="vote_question"),
    path(f"{_ballot}/vote/check/", vote.vote_confirm, name="vote_confirm"),
    path(f"{_ballot}/vote/receipt/", vote.vote_receipt, name="vote_receipt"),
    # Results.
    path(f"{_ballot}/results/", results.results, name="results"),
    path(f"{_ballot}/results.pdf", results.results_pdf, name="results_pdf"),
    path(f"{_ballot}/results.csv", results.results_csv, name="results_csv"),
    # The secretary's set-up.
    path(f"{_ballot}/manage/", setup.ballot_manage, name="manage"),
    path(f"{_ballot}/questions/add/", setup.question_add, name="question_add"),
    path(f"{_ballot}/questions/<int:n>/options/add/", setup.option_add, name="option_add"),
    path(
        f"{_ballot}/questions/<int:n>/reserved-seats/",
        setup.reservation_set,
        name="reservation_set",
    ),
    path(f"{_ballot}/questions/<int:n>/casting-vote/", setup.casting_vote, name="casting_vote"),
    path(f"{_ballot}/schedule/", life.ballot_schedule, name="schedule"),
    path(f"{_ballot}/open/", life.ballot_open, name="open"),
    path(f"{_ballot}/close/", life.ballot_close, name="close"),
    path(f"{_ballot}/publish/", life.ballot_publish, name="publish"),
    path(f"{_ballot}/cancel/", life.ballot_cancel, name="cancel"),
    # Turnout and the roll; votes in the room; proxies.
    path(f"{_ballot}/turnout/", scrutiny.turnout, name="turnout"),
    path(f"{_ballot}/room/", room.room, name="room"),
    path(f"{_ballot}/room/paper/", room.room_paper, name="room_paper"),
    path(f"{_ballot}/room/hands/", room.room_hands, name="room_hands"),
    path(f"{_ballot}/proxies/appoint/", room.proxy_appoint, name="proxy_appoint"),
    path(f"{_ballot}/proxies/<int:proxy_id>/present/", room.proxy_present, name="proxy_present"),
    path(f"{_ballot}/proxies/<int:proxy_id>/cast/", room.proxy_cast, name="proxy_cast"),
    path(f"{_ballot}/proxies/<int:proxy_id>/revoke/", room.proxy_revoke, name="proxy_revoke"),
    # The scrutineer.
    path(f"{_ballot}/scrutiny/", scrutiny.scrutiny, name="scrutiny"),
    path(f"{_ballot}/scrutiny/recount-kit.zip", scrutiny.recount_kit, name="recount_kit"),
]
