"""The management commands: `count_stv` (a BLT file counted by the Scottish STV rules) and
`ballots_tick` (open and close ballots whose times have passed)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from membership.models import Organisation
from tests.shared_data import edinburgh_dir
from tests.voting.test_pages_setup import (  # noqa: F401 - language_reset is a fixture
    RECORD_DATE,
    cast,
    language_reset,
    options_of,
    question_of,
    resolution_ballot,
    voters,
)
from voting import services
from voting.models import Ballot, Participation

ROOT = Path(__file__).resolve().parents[2]
SMALL = """4 2
3 1 2 0
2 2 1 0
2 3 0
1 4 3 0
0
"Ann"
"Ben"
"Cat"
"Dai"
"Small test"
"""


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    """`python manage.py …` in a process of its own (exit status and both streams)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coop.settings_test", "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- count_stv --------------------------------------------------------------------------------


@pytest.mark.parametrize("ward", ["ward-03-drum-braegyle.blt", "ward-01-almond.blt"])
def test_count_stv_json_elects_the_councillors_elected_in_edinburgh(ward: str) -> None:
    expected = json.loads((edinburgh_dir() / "elected.json").read_text())[ward]
    out = StringIO()

    call_command("count_stv", str(edinburgh_dir() / ward), "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert set(result) == {"seats", "quota", "elected", "stages"}
    assert result["seats"] == expected["seats"]
    assert sorted(result["elected"]) == sorted(expected["elected"])
    stage = result["stages"][0]
    assert stage["stage"] == 1
    assert set(stage) >= {"stage", "action", "votes", "non_transferable"}
    assert all(
        value.count(".") == 1 and len(value.split(".")[1]) == 5 for value in stage["votes"].values()
    )


def test_count_stv_prints_the_stage_table(tmp_path: Path) -> None:
    path = tmp_path / "small.blt"
    path.write_text(SMALL)
    out = StringIO()

    call_command("count_stv", str(path), stdout=out)

    text = out.getvalue()
    assert text.startswith("Small test\nSeats: 2    Quota: 3.00000    Valid papers: 8\n")
    assert "Candidate" in text
    assert "Stage 1" in text
    assert "Non-transferable" in text
    assert "Elected, in order: Ann, Cat" in text


def test_count_stv_default_seed_is_the_file_name(tmp_path: Path) -> None:
    tie = '3 1\n1 1 0\n1 2 0\n1 3 0\n0\n"A"\n"B"\n"C"\n"Three-way tie"\n'
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "tie.blt").write_text(tie)
    (tmp_path / "b" / "tie.blt").write_text(tie)
    outputs = []
    for folder in ("a", "b"):
        out = StringIO()
        call_command("count_stv", str(tmp_path / folder / "tie.blt"), "--json", stdout=out)
        outputs.append(json.loads(out.getvalue()))
    seeded = StringIO()
    call_command(
        "count_stv", str(tmp_path / "a" / "tie.blt"), "--json", "--seed", "tie.blt", stdout=seeded
    )

    assert outputs[0] == outputs[1] == json.loads(seeded.getvalue())
    assert any("lot" in note for stage in outputs[0]["stages"] for note in stage["notes"])


def test_count_stv_malformed_file_names_the_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text('3 1\n2 1 2 0\n1 4 0\n0\n"A"\n"B"\n"C"\n"Bad"\n')

    with pytest.raises(CommandError) as error:
        call_command("count_stv", str(path), "--json", stdout=StringIO())

    assert str(error.value).startswith(f"{path} line 3: ")


def test_count_stv_malformed_file_exits_with_status_1_and_prints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text('3 1\n2 1 1 0\n0\n"A"\n"B"\n"C"\n"Bad"\n')

    process = run_command("count_stv", str(path), "--json")

    assert process.returncode == 1
    assert process.stdout == ""
    assert f"{path} line 2: " in process.stderr
    assert "twice" in process.stderr or "more than once" in process.stderr


def test_count_stv_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.blt"

    with pytest.raises(CommandError) as error:
        call_command("count_stv", str(missing), stdout=StringIO())

    assert str(error.value) == f"{missing}: no such file"


def test_count_stv_command_line_prints_one_json_object() -> None:
    ward = edinburgh_dir() / "ward-03-drum-braegyle.blt"
    expected = json.loads((edinburgh_dir() / "elected.json").read_text())[ward.name]

    process = run_command("count_stv", str(ward), "--json")

    assert process.returncode == 0, process.stderr
    assert len(process.stdout.strip().splitlines()) == 1
    assert sorted(json.loads(process.stdout)["elected"]) == sorted(expected["elected"])


# --- ballots_tick -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_ballots_tick_opens_and_closes_ballots_whose_time_has_come(
    organisation: Organisation,
) -> None:
    people = voters(organisation, 2)
    ballot = resolution_ballot(organisation, open_=False)
    later = resolution_ballot(organisation, open_=False, title="Later")
    now = timezone.now()
    services.ballot_schedule(
        ballot=ballot,
        opens_at=now + dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=5),
        actor=None,
    )
    services.ballot_schedule(
        ballot=later, opens_at=now + dt.timedelta(days=3), closes_at=None, actor=None
    )

    nothing = StringIO()
    call_command("ballots_tick", stdout=nothing)
    assert nothing.getvalue() == ""

    with time_machine.travel(now + dt.timedelta(hours=2)):
        out = StringIO()
        call_command("ballots_tick", stdout=out)
    assert out.getvalue() == f"Opened ballot {ballot.pk} (Adopt the plan, dyfi-care).\n"
    ballot.refresh_from_db()
    assert ballot.status == "open"
    assert Participation.objects.filter(ballot=ballot, is_eligible=True).count() == 2
    assert Ballot.objects.get(pk=later.pk).status == "draft"

    cast(ballot, people[0], {question_of(ballot, 1).pk: [options_of(ballot, 1)["for"]]})
    with time_machine.travel(now + dt.timedelta(hours=6)):
        out = StringIO()
        call_command("ballots_tick", stdout=out)
    assert out.getvalue() == f"Closed ballot {ballot.pk} (Adopt the plan, dyfi-care).\n"
    ballot.refresh_from_db()
    assert ballot.status == "closed"
    assert question_of(ballot, 1).result["votes"]["for"] == 1


@pytest.mark.django_db
def test_ballots_tick_reports_a_ballot_it_cannot_open(organisation: Organisation) -> None:
    empty = services.ballot_create(
        organisation=organisation, title="Empty", record_date=RECORD_DATE, actor=None
    )
    now = timezone.now()
    services.ballot_schedule(
        ballot=empty, opens_at=now + dt.timedelta(minutes=5), closes_at=None, actor=None
    )
    err = StringIO()

    with time_machine.travel(now + dt.timedelta(minutes=10)), pytest.raises(CommandError) as error:
        call_command("ballots_tick", stdout=StringIO(), stderr=err)

    assert str(error.value) == "1 ballot(s) could not be opened or closed."
    assert (
        f"Could not open ballot {empty.pk} (Empty, dyfi-care): Add at least one question "
        "before opening the ballot." in err.getvalue()
    )
    assert Ballot.objects.get(pk=empty.pk).status == "draft"
