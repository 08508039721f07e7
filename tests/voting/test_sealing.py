"""The ballot key: the system check, rotation, and a paper's length."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import checks, sealing, services
from voting.models import BallotKey


def key(n: int) -> str:
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode()


def test_production_without_a_ballot_key_fails_the_system_check(settings):
    settings.DEBUG = False
    settings.CYD_BALLOT_KEY = ""
    [error] = checks.ballot_key_check()
    assert error.id == "voting.E001"
    assert "CYD_BALLOT_KEY is not set" in error.msg
    settings.CYD_BALLOT_KEY = settings.SECRET_KEY
    assert "must not be SECRET_KEY" in checks.ballot_key_check()[0].msg
    settings.CYD_BALLOT_KEY = "too-short"
    assert "CYD_BALLOT_KEY" in checks.ballot_key_check()[0].msg
    settings.CYD_BALLOT_KEY = key(1)
    assert checks.ballot_key_check() == []


def test_development_derives_a_key_that_is_not_the_secret_key(settings):
    settings.DEBUG = True
    settings.CYD_BALLOT_KEY = ""
    assert checks.ballot_key_check() == []
    assert sealing.current_kek() == sealing.development_key()
    assert sealing.current_kek() != settings.SECRET_KEY.encode()[:32]


@pytest.mark.django_db
def test_a_secret_ballot_does_not_open_without_the_key(organisation, settings):
    settings.CYD_BALLOT_KEY = ""
    ballot = vf.ballot(organisation, allow_in_room=True)
    vf.resolution(ballot)
    with vf.refused("is_secret", "CYD_BALLOT_KEY is not set"):
        services.ballot_open(ballot=ballot, actor=None)
    ballot.refresh_from_db()
    assert ballot.status == "draft"
    assert not BallotKey.objects.filter(ballot=ballot).exists()


@pytest.mark.django_db
def test_rotation_rewraps_open_ballots_keys_and_the_old_key_can_go(organisation, settings):
    settings.CYD_BALLOT_KEY = key(1)
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voters[0], question, "for")

    settings.CYD_BALLOT_KEY, settings.CYD_BALLOT_KEY_PREVIOUS = key(2), [key(1)]
    vf.vote(ballot, voters[1], question, "against")  # still seals under the old wrapping
    out = StringIO()
    call_command("rotate_ballot_keys", stdout=out)
    assert "1 ballot keys wrapped" in out.getvalue()
    settings.CYD_BALLOT_KEY_PREVIOUS = []

    services.ballot_close(ballot=ballot, actor=None)
    question.refresh_from_db()
    assert (question.result["votes"]["for"], question.result["votes"]["against"]) == (1, 1)


def test_every_paper_of_a_ballot_has_the_same_length():
    length = sealing.padded_length([(1, [9, 10, 11]), (2, [100, 101, 102, 103])], max_class=7)
    short = sealing.encode(sealing.Content(None, {1: [], 2: [100]}), length)
    long = sealing.encode(sealing.Content(7, {1: [9, 10, 11], 2: [103, 102, 101, 100]}), length)
    assert len(short) == len(long) == length
    assert sealing.decode(long) == sealing.Content(7, {1: [9, 10, 11], 2: [103, 102, 101, 100]})
