import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from membership.models import ResolutionType
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, Participation, Receipt


@pytest.mark.django_db
def test_resolution_ballot_from_open_to_result(organisation, django_capture_on_commit_callbacks):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot = services.ballot_create(
        organisation=organisation,
        title="Adopt the plan",
        record_date=dt.date(2024, 1, 1),
        allow_in_room=True,
        actor=None,
    )
    ordinary = ResolutionType.objects.get(rules_version__organisation=organisation, code="ordinary")
    question = services.question_add(
        ballot=ballot, kind="resolution", text="Adopt?", resolution_type=ordinary, actor=None
    )
    services.ballot_open(ballot=ballot, actor=None)
    ballot.refresh_from_db()
    assert ballot.electorate_count == 3
    options = {o.code: o.pk for o in question.options.all()}
    code = services.ballot_cast(
        ballot=ballot,
        member=voters[0],
        selections={question.pk: [options["for"]]},
        channel="room",
        actor=None,
    )
    assert len(code) == 11
    with pytest.raises(ValidationError) as refusal:
        services.ballot_cast(
            ballot=ballot,
            member=voters[0],
            selections={question.pk: [options["against"]]},
            channel="room",
            actor=None,
        )
    assert "already been recorded" in str(refusal.value)
    services.ballot_cast(
        ballot=ballot,
        member=voters[1],
        selections={question.pk: [options["against"]]},
        channel="room",
        actor=None,
    )
    services.ballot_cast(
        ballot=ballot,
        member=voters[2],
        selections={question.pk: [options["for"]]},
        channel="room",
        actor=None,
    )
    services.ballot_close(ballot=ballot, actor=None)
    question.refresh_from_db()
    assert question.result["outcome"] == "carried"
    assert question.result["votes"] == {"for": 2, "against": 1, "abstain": 0, "blank": 0}
    assert vf.paper_count(ballot) == 3
    assert Receipt.objects.filter(ballot=ballot).count() == 3
    assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 3
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"


@pytest.mark.django_db
def test_an_online_election_from_set_up_to_published_receipts(
    organisation, member, member_record, secretary
):
    from voting import selectors
    from voting.models import Question

    others = [mf.member(organisation) for _ in range(2)]
    ballot = services.ballot_create(
        organisation=organisation,
        title="Board election",
        record_date=dt.date(2024, 1, 1),
        allow_in_room=True,
        actor=secretary,
    )
    question = services.question_add(
        ballot=ballot, kind="stv", text="Elect two", seats=2, actor=secretary
    )
    for name in ("Alaw", "Bryn", "Cai"):
        services.option_add(question=question, label=name, actor=secretary)
    services.ballot_open(ballot=ballot, actor=secretary)
    ballot.refresh_from_db()
    ids = {o.label: o.pk for o in question.options.all()}
    assert selectors.receipts_published(ballot) == []  # nothing shown while open
    codes = [
        services.ballot_cast(
            ballot=ballot,
            member=member_record,
            selections={question.pk: [ids["Alaw"], ids["Cai"]]},
            channel="online",
            actor=member,
        )
    ]
    for voter, first in zip(others, ("Bryn", "Alaw"), strict=True):
        codes.append(
            services.ballot_cast(
                ballot=ballot,
                member=voter,
                selections={question.pk: [ids[first]]},
                channel="room",
                actor=secretary,
            )
        )
    services.ballot_close(ballot=ballot, actor=secretary)
    ballot.refresh_from_db()
    # Quota for 3 papers, 2 seats: floor(3 / 3) + 1 = 2. Alaw has 2 → elected; Bryn and Cai
    # have 1 each; Alaw's surplus is 0, so the tie is broken (Bryn and Cai tied throughout)
    # by lot from the seed; either way two are elected and Alaw is first.
    result = Question.objects.get(pk=question.pk).result
    assert result["elected"][0] == "Alaw"
    assert len(result["elected"]) == 2
    assert result["quota"] == "2.00000"
    services.ballot_publish(ballot=ballot, actor=secretary)
    ballot.refresh_from_db()
    assert ballot.status == "published"
    assert selectors.receipts_published(ballot) == sorted(codes)
