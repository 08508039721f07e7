"""Where a ballot's papers are kept (docs/threat-model.md).

A secret ballot opened with a key (`issue_key`) keeps each vote as one sealed paper while it
is open; closing opens them all in memory (`open_sealed`), writes the multiset
(`write_counted`) and destroys the key and the sealed rows (`destroy`). A recorded (named)
ballot, or a secret one opened before papers were sealed, keeps `BallotPaper` rows, read into
the same multiset at close (`read_plain`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.validation import fail
from membership.models import MemberClass
from voting import sealing
from voting.counting import Multiset
from voting.models import Ballot, BallotKey, BallotPaper, CountedPaper, SealedPaper
from voting.services.selections import paper


def _partition(ballot_id: int) -> str:
    return f"voting_sealedpaper_b{int(ballot_id)}"


def weighs_classes(ballot: Ballot) -> bool:
    """Whether the count needs each paper's member class: a class has a fixed share or a cap,
    or a resolution on the ballot needs a majority in every class."""
    weighted = MemberClass.objects.filter(organisation_id=ballot.organisation_id).filter(
        Q(vote_share_percent__isnull=False) | Q(vote_cap_percent__isnull=False)
    )
    return (
        weighted.exists()
        or ballot.questions.filter(resolution_type__majority_in_every_class=True).exists()
    )


def issue_key(ballot: Ballot) -> None:
    """At opening: the secret ballot's own data key, wrapped, and (PostgreSQL) its partition.
    Refused, naming the setting, without a usable key-encryption key."""
    try:
        wrapped, kek = sealing.new_wrapped_key(ballot.pk)
    except sealing.KeyUnavailable as exc:
        raise fail("is_secret", _("A secret ballot cannot open: %(why)s") % {"why": exc}) from None
    questions, options = paper(ballot.pk)
    classes = MemberClass.objects.filter(organisation_id=ballot.organisation_id)
    length = sealing.padded_length(
        ((q.pk, [o for o in options if options[o].question_id == q.pk]) for q in questions),
        max(classes.values_list("pk", flat=True), default=0),
    )
    BallotKey.objects.create(
        ballot=ballot,
        wrapped=wrapped,
        kek=kek,
        carries_class=weighs_classes(ballot),
        paper_length=length,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {_partition(ballot.pk)} "
                f"PARTITION OF voting_sealedpaper FOR VALUES IN ({int(ballot.pk)})"
            )


def _key_of(ballot: Ballot) -> tuple[bytes, bool, int] | None:
    """(wrapped key, papers carry the class, padded length); read with the ballot's lock on
    PostgreSQL (`lock_ballot_shared`), else here. None: papers are kept in clear."""
    if hasattr(ballot, "sealing_wrapped"):
        wrapped = ballot.sealing_wrapped
        if wrapped is None:
            return None
        return (
            bytes(wrapped),
            ballot.sealing_carries_class,  # type: ignore[attr-defined]
            ballot.sealing_length,  # type: ignore[attr-defined]
        )
    row = (
        BallotKey.objects.filter(ballot_id=ballot.pk, wrapped__isnull=False)
        .values_list("wrapped", "carries_class", "paper_length")
        .first()
    )
    return None if row is None or row[0] is None else (bytes(row[0]), row[1], row[2])


def is_sealed(ballot: Ballot) -> bool:
    return ballot.is_secret and _key_of(ballot) is not None


def seal(ballot: Ballot, contents: Iterable[sealing.Content]) -> None:
    """Store the papers of a vote (or of a show of hands), sealed."""
    key = _key_of(ballot)
    assert key is not None
    wrapped, carries_class, length = key
    try:
        sealer = sealing.sealer_for(ballot.pk, wrapped)
    except sealing.KeyUnavailable as exc:
        raise fail("ballot", str(exc)) from None
    SealedPaper.objects.bulk_create(
        [
            SealedPaper(
                ballot_id=ballot.pk,
                sealed=sealer.seal(
                    sealing.encode(
                        sealing.Content(c.member_class if carries_class else None, c.choices),
                        length,
                    )
                ),
            )
            for c in contents
        ]
    )


def _sealed_rows(ballot_id: int) -> Iterator[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM voting_sealedpaper WHERE ballot_id = %s", [ballot_id])
        while rows := cursor.fetchmany(20000):
            for (sealed,) in rows:
                yield bytes(sealed)


def _refuse(why: str) -> Exception:
    return fail("status", _("The ballot cannot close: %(why)s") % {"why": why})


def open_sealed(ballot: Ballot) -> tuple[dict[bytes, int], BallotKey]:
    """Every sealed paper of the ballot opened in memory, equal plaintexts counted. Refused,
    with nothing changed, if the key-encryption key is missing or wrong."""
    key = BallotKey.objects.select_for_update().get(ballot_id=ballot.pk)
    if key.wrapped is None:
        raise _refuse(_("its key has already been destroyed."))
    try:
        sealer = sealing.Sealer(ballot.pk, sealing.unwrap(ballot.pk, bytes(key.wrapped)))
        plains = sealer.open_all(_sealed_rows(ballot.pk))
    except sealing.KeyUnavailable as exc:
        raise _refuse(str(exc)) from None
    except sealing.PaperUnreadable:
        raise _refuse(
            _(
                "a sealed paper does not open with the ballot's key (it was altered or "
                "moved). Nothing has been changed; ask the scrutineer to check the audit trail."
            )
        ) from None
    return plains, key


def multiset_of(plains: Mapping[bytes, int]) -> tuple[Multiset, int]:
    """The multiset of each question's papers from the opened plaintexts; (multiset, papers)."""
    multiset: Multiset = {}
    total = 0
    for plain, n in plains.items():
        content = sealing.decode(plain)
        total += n
        for question_id, choices in content.choices.items():
            entry = multiset.setdefault(question_id, {})
            item = (content.member_class, tuple(choices))
            entry[item] = entry.get(item, 0) + n
    return multiset, total


def read_plain(ballot: Ballot) -> Multiset:
    """A ballot kept in clear (`BallotPaper`), as the multiset: one aggregate pass."""
    multiset: Multiset = {}
    rows = (
        BallotPaper.objects.filter(ballot=ballot)
        .values_list("question_id", "member_class_id", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    for question_id, class_id, choices, n in rows:
        entry = multiset.setdefault(question_id, {})
        item = (class_id, tuple(int(c) for c in choices))
        entry[item] = entry.get(item, 0) + n
    return multiset


def write_counted(ballot: Ballot, multiset: Multiset) -> None:
    """The multiset, in a random order, by the closing transaction."""
    rows = [
        CountedPaper(
            ballot_id=ballot.pk,
            question_id=question_id,
            member_class_id=class_id,
            choices=list(choices),
            count=n,
        )
        for question_id, entry in multiset.items()
        for (class_id, choices), n in entry.items()
    ]
    random.SystemRandom().shuffle(rows)
    CountedPaper.objects.bulk_create(rows, batch_size=5000)


def destroy(ballot: Ballot, key: BallotKey | None = None) -> None:
    """Destroy the ballot's data key and its sealed rows (the partition is dropped): whatever
    copy of them is left in dead tuples, the WAL or a backup is ciphertext no one can open."""
    key = key or BallotKey.objects.select_for_update().filter(ballot_id=ballot.pk).first()
    if key is None:
        return
    key.wrapped = None
    key.destroyed_at = timezone.now()
    key.save(update_fields=["wrapped", "destroyed_at"])
    sealing.forget(ballot.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_partition(ballot.pk)}")
    # Rows of a ballot without a partition of its own (or on SQLite).
    SealedPaper.objects.filter(ballot_id=ballot.pk).delete()
