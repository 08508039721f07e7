"""Background work of governance: sending notice, telling the board about requisitions."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_tasks import task

from governance import permissions
from governance.models import Meeting, NoticeDispatch, NoticeRun, Requisition
from governance.selectors import notice_recipients
from membership.models import Member


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "governance:meeting", args=[meeting.organisation.slug, meeting.pk]
    )


def _notice_message(
    meeting: Meeting, member: Member, url: str, pack: bytes, connection: object
) -> EmailMessage:
    with translation.override(member.preferred_language):
        context = {
            "meeting": meeting,
            "organisation": meeting.organisation,
            "member": member,
            "url": url,
        }
        subject = render_to_string("governance/email/notice_subject.txt", context).strip()
        body = render_to_string("governance/email/notice.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[member.email], connection=connection)
    message.attach(f"notice-{meeting.pk}.pdf", pack, "application/pdf")
    return message


def _progress(meeting: Meeting, **fields: object) -> None:
    NoticeRun.objects.filter(meeting=meeting).update(updated_at=timezone.now(), **fields)


@task()
def send_notices(meeting_id: int) -> int:
    """Send the notice to each member in their language (email where they gave an address
    for notices, otherwise recorded for posting with the printed pack), recording each
    dispatch and the progress. Run again, it sends only what has not gone: notices already
    sent are kept, failed emails are tried again. Returns the number of notices sent."""
    from governance.documents import render_notice_pack_pdf

    meeting = Meeting.objects.select_related("organisation", "rules_version").get(pk=meeting_id)
    if meeting.status != Meeting.Status.CALLED:
        # Cancelled (or otherwise no longer called) after the run was queued: send nothing.
        _progress(
            meeting,
            status=NoticeRun.Status.FAILED,
            error=gettext("The meeting is no longer called, so no notice was sent."),
        )
        return 0
    members = list(notice_recipients(meeting).order_by("number"))
    dispatches = {d.member_id: d for d in meeting.dispatches.all()}
    sent = sum(1 for d in dispatches.values() if d.sent_at is not None)
    todo = [m for m in members if m.pk not in dispatches or dispatches[m.pk].sent_at is None]
    _progress(meeting, status=NoticeRun.Status.RUNNING, total=sent + len(todo), sent=sent)
    try:
        pack = render_notice_pack_pdf(meeting)
        url = _meeting_url(meeting)
        with get_connection() as connection:
            for member in todo:
                by_email = bool(member.email and member.email_for_notices)
                dispatch = dispatches.get(member.pk) or NoticeDispatch(
                    meeting=meeting, member=member
                )
                dispatch.channel = "email" if by_email else "post"
                dispatch.language = member.preferred_language
                dispatch.error = ""
                if by_email:
                    try:
                        _notice_message(meeting, member, url, pack, connection).send()
                        dispatch.sent_at = timezone.now()
                    except OSError as exc:
                        dispatch.error = str(exc)[:500]
                else:
                    dispatch.sent_at = timezone.now()  # listed for posting with the pack
                with transaction.atomic():
                    dispatch.save()
                    if dispatch.sent_at is not None:
                        sent += 1
                        _progress(meeting, sent=sent)
    except Exception as exc:
        _progress(meeting, status=NoticeRun.Status.FAILED, error=str(exc)[:500])
        raise
    failed = meeting.dispatches.filter(sent_at__isnull=True).count()
    _progress(
        meeting,
        status=NoticeRun.Status.FAILED if failed else NoticeRun.Status.DONE,
        error=(
            ngettext(
                "%(n)s email could not be sent: send the notice again.",
                "%(n)s emails could not be sent: send the notice again.",
                failed,
            )
            % {"n": failed}
            if failed
            else ""
        ),
    )
    return sent


@task()
def notify_requisition_reached(requisition_id: int) -> int:
    """Tell the secretary and the board a requisition has reached its threshold."""
    requisition = Requisition.objects.select_related("organisation").get(pk=requisition_id)
    organisation = requisition.organisation
    messages = []
    for user in permissions.requisition_recipients(organisation):
        with translation.override(user.preferred_language):
            context = {
                "requisition": requisition,
                "organisation": organisation,
                "user": user,
                "url": settings.SITE_URL
                + reverse("governance:requisitions", args=[organisation.slug]),
            }
            subject = render_to_string("governance/email/requisition_subject.txt", context).strip()
            body = render_to_string("governance/email/requisition.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
