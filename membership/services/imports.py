"""Importing a register spreadsheet: a preview that lists every problem, then an
all-or-nothing commit.

The checks live in `membership.imports` (no writes); these services record the upload and, on
commit, re-check the file under the organisation's row lock and write every member, ledger
entry and audit event in one transaction, in bulk (no per-row queries).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coop.core.audit import audit, audit_event, audit_many
from coop.core.maintenance import vacuum_analyze
from coop.core.models import AuditEvent, User
from coop.core.spreadsheets import MAX_IMPORT_BYTES, check_upload_size
from coop.core.validation import fail
from membership.imports import ImportRow, Problem, RegisterFacts, check_file, register_facts
from membership.models import (
    CurrentHolding,
    ImportBatch,
    Member,
    Organisation,
    ShareTransaction,
)
from membership.services._holdings import holdings_add

BATCH_SIZE = 2000
#: An import writing this many ledger entries or more is a bulk load: once it has committed,
#: the tables it filled are vacuumed and analysed (see `coop.core.maintenance`).
VACUUM_AFTER_ENTRIES = 1000


class ImportProblemsError(ValidationError):
    """The file has problems: nothing was imported. `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            {
                "file": [
                    ngettext(
                        "The file has %(count)s problem: fix it and upload the file again. "
                        "Nothing was imported.",
                        "The file has %(count)s problems: fix them and upload the file again. "
                        "Nothing was imported.",
                        len(problems),
                    )
                    % {"count": len(problems)}
                ]
            }
        )


@transaction.atomic
def import_preview(
    *, organisation: Organisation, filename: str, content: bytes, actor: User | None
) -> ImportBatch:
    """Check an uploaded register spreadsheet and keep it, with every problem found, for the
    secretary to review. Nothing is added to the register until `import_commit`. A file over
    `MAX_IMPORT_BYTES` is refused under `file` before anything is read or stored.

    No audit event: nothing on the register changes, and the batch itself records who
    uploaded which file when, and what was wrong with it.
    """
    check_upload_size("file", len(content), MAX_IMPORT_BYTES)
    facts = register_facts(organisation)
    check = check_file(filename, content, facts)
    batch = ImportBatch(
        organisation=organisation,
        uploaded_by=actor if actor is not None and actor.pk else None,
        filename=filename[:255],
        content=content,
        row_count=check.row_count,
        problems=[problem.as_dict() for problem in check.problems],
    )
    # uploaded_by is empty for a file imported by a command (the model lacks blank=True).
    batch.full_clean(exclude=["uploaded_by"])
    batch.save()
    return batch


def import_commit(*, batch: ImportBatch, actor: User | None) -> int:
    """Import a previewed file into the register, all or nothing; returns the number of
    members added.

    The file is checked again under the organisation's row lock (the register may have changed
    since the preview). If it now has problems, nothing is imported, the batch's problems are
    replaced by the new ones (so the preview shows them), and `ImportProblemsError` is raised.
    """
    try:
        return _commit(batch=batch, actor=actor)
    except ImportProblemsError as exc:
        # The commit's transaction has rolled back; record why in a transaction of its own.
        _record_problems(batch=batch, problems=exc.problems, actor=actor)
        raise


@transaction.atomic
def _record_problems(*, batch: ImportBatch, problems: list[Problem], actor: User | None) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    batch.problems = [problem.as_dict() for problem in problems]
    batch.save(update_fields=["problems", "updated_at"])
    audit(
        actor=actor,
        action="import.refuse",
        obj=batch,
        after={"filename": batch.filename, "problems": len(problems)},
    )


@transaction.atomic
def _commit(*, batch: ImportBatch, actor: User | None) -> int:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise fail(
            "status",
            _("This file has already been dealt with (%(status)s): upload it again to import it.")
            % {"status": batch.get_status_display()},
        )
    if batch.problems:
        raise fail(
            "file",
            ngettext(
                "This file has %(count)s problem: fix it and upload the file again. Nothing "
                "was imported.",
                "This file has %(count)s problems: fix them and upload the file again. Nothing "
                "was imported.",
                len(batch.problems),
            )
            % {"count": len(batch.problems)},
        )
    # The lock serialises this with every other change of member numbers in the organisation.
    organisation = Organisation.objects.select_for_update().get(pk=batch.organisation_id)
    facts = register_facts(organisation)
    check = check_file(batch.filename, bytes(batch.content), facts)
    if check.problems:
        raise ImportProblemsError(check.problems)
    groups = check.members
    numbers = _numbers(groups, organisation.next_member_number, facts.used_numbers)
    members = [
        _member(organisation, group[0], number, facts)
        for group, number in zip(groups, numbers, strict=True)
    ]
    for member in members:
        # Foreign keys come from the checked facts (validating them would query per member);
        # uniqueness and constraints are the database's job (one bulk insert).
        member.full_clean(
            exclude=["organisation", "member_class"],
            validate_unique=False,
            validate_constraints=False,
        )
    Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
    reason = _("Imported from %(file)s") % {"file": batch.filename}
    entries: list[ShareTransaction] = []
    events = []
    for member, group in zip(members, groups, strict=True):
        for row in group:
            entries.extend(_entries(member, row, facts, actor, reason))
        events.append(_import_event(member, group, batch, actor))
    ShareTransaction.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    holdings_add(entries)
    if len(entries) >= VACUUM_AFTER_ENTRIES:
        # robust: the import has committed whatever the upkeep does (a failure is logged).
        transaction.on_commit(_vacuum_after_load, robust=True)
    audit_many(events)
    Organisation.objects.filter(pk=organisation.pk).update(
        next_member_number=max([organisation.next_member_number, *(n + 1 for n in numbers)])
    )
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "committed_at", "updated_at"])
    audit(
        actor=actor,
        action="import.commit",
        obj=batch,
        after={
            "filename": batch.filename,
            "members": len(members),
            "ledger_entries": len(entries),
            "first_number": min(numbers, default=None),
            "last_number": max(numbers, default=None),
        },
    )
    return len(members)


def _vacuum_after_load() -> None:
    vacuum_analyze(Member, ShareTransaction, CurrentHolding)


def _import_event(
    member: Member, group: list[ImportRow], batch: ImportBatch, actor: User | None
) -> AuditEvent:
    """The audit event of one imported member, with the holdings the file gave them."""
    return audit_event(
        actor=actor,
        action="member.import",
        obj=member,
        after={
            "number": member.number,
            "name": member.name,
            "member_class": group[0].member_class,
            "entered_on": member.entered_on,
            "holdings": [
                {"share_class": r.share_class, "shares": r.shares, "paid_pence": r.paid_pence}
                for r in group
            ],
            "import": batch.pk,
        },
    )


def _numbers(groups: list[list[ImportRow]], start: int, used: set[int]) -> list[int]:
    """Each member's number: the one given in the file, or the next from the organisation's
    counter that is neither used on the register nor given in the file (never reused)."""
    taken = used | {group[0].number for group in groups if group[0].number is not None}
    numbers, candidate = [], start
    for group in groups:
        given = group[0].number
        if given is not None:
            numbers.append(given)
            continue
        while candidate in taken:
            candidate += 1
        numbers.append(candidate)
        taken.add(candidate)
    return numbers


def _member(
    organisation: Organisation, row: ImportRow, number: int, facts: RegisterFacts
) -> Member:
    member_class = facts.member_classes[row.member_class]
    return Member(
        organisation=organisation,
        number=number,
        kind=row.kind,
        name=row.name,
        member_class=member_class,
        status=Member.Status.ACTIVE,
        entered_on=row.entered_on,
        postal_address=row.postal_address,
        postcode=row.postcode,
        email=row.email,
        email_for_notices=row.email_for_notices,
        email_for_ballots=row.email_for_ballots,
        email_for_news=row.email_for_news,
        phone=row.phone,
        date_of_birth=row.date_of_birth,
        preferred_language=row.preferred_language,
        is_registered_society=row.is_registered_society,
    )


def _entries(
    member: Member, row: ImportRow, facts: RegisterFacts, actor: User | None, reason: str
) -> list[ShareTransaction]:
    """The holding enters the ledger as an allotment, and a payment for what was paid."""
    # Ids rather than objects: setting 100,000 foreign keys through descriptors is slow.
    common = {
        "organisation_id": member.organisation_id,
        "member_id": member.pk,
        "share_class_id": facts.share_classes[row.share_class].pk,
        "effective_on": row.entered_on,
        "recorded_by_id": actor.pk if actor is not None else None,
        "reason": reason,
    }
    entries = [
        ShareTransaction(
            kind=ShareTransaction.Kind.ALLOTMENT, shares=row.shares, paid_pence=0, **common
        )
    ]
    if row.paid_pence:
        entries.append(
            ShareTransaction(
                kind=ShareTransaction.Kind.PAYMENT, shares=0, paid_pence=row.paid_pence, **common
            )
        )
    return entries
