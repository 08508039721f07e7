"""Background work of governance: sending notice, telling the board about requisitions."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from coop.core.permissions import Role, users_with_role
from governance.models import Meeting, NoticeDispatch, NoticeRun, Requisition
from membership.models import Member


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "governance:meeting", args=[meeting.organisation.slug, meeting.pk]
    )


@task()
def send_notices(meeting_id: int) -> int:
    """Send the notice to each member in their language (email where they gave an address
    for notices, otherwise recorded for posting), recording each dispatch and the progress."""
    from governance.documents import render_notice_pack_pdf

    meeting = Meeting.objects.select_related("organisation").get(pk=meeting_id)
    members = Member.objects.filter(organisation=meeting.organisation).active()
    if meeting.member_class_id:
        members = members.filter(member_class_id=meeting.member_class_id)
    done = set(meeting.dispatches.values_list("member_id", flat=True))
    todo = [m for m in members.order_by("number") if m.pk not in done]
    NoticeRun.objects.filter(meeting=meeting).update(
        status=NoticeRun.Status.RUNNING,
        total=len(todo) + len(done),
        sent=len(done),
        updated_at=timezone.now(),
    )
    pack = render_notice_pack_pdf(meeting)
    url = _meeting_url(meeting)
    sent = len(done)
    with get_connection() as connection:
        for member in todo:
            by_email = bool(member.email and member.email_for_notices)
            dispatch = NoticeDispatch(
                meeting=meeting,
                member=member,
                channel="email" if by_email else "post",
                language=member.preferred_language,
            )
            if by_email:
                with translation.override(member.preferred_language):
                    context = {
                        "meeting": meeting,
                        "organisation": meeting.organisation,
                        "member": member,
                        "url": url,
                    }
                    subject = render_to_string(
                        "governance/email/notice_subject.txt", context
                    ).strip()
                    body = render_to_string("governance/email/notice.txt", context)
                message = EmailMessage(
                    subject=subject, body=body, to=[member.email], connection=connection
                )
                message.attach(f"notice-{meeting.pk}.pdf", pack, "application/pdf")
                try:
                    message.send()
                    dispatch.sent_at = timezone.now()
                except OSError as exc:
                    dispatch.error = str(exc)[:500]
            else:
                dispatch.sent_at = timezone.now()  # listed for posting with the printed pack
            with transaction.atomic():
                dispatch.save()
                sent += 1
                NoticeRun.objects.filter(meeting=meeting).update(
                    sent=sent, updated_at=timezone.now()
                )
    NoticeRun.objects.filter(meeting=meeting).update(
        status=NoticeRun.Status.DONE, updated_at=timezone.now()
    )
    return sent


@task()
def notify_requisition_reached(requisition_id: int) -> int:
    """Tell the secretary and the board a requisition has reached its threshold."""
    requisition = Requisition.objects.select_related("organisation").get(pk=requisition_id)
    organisation = requisition.organisation
    people = {
        u.pk: u
        for role in (Role.SECRETARY, Role.BOARD_MEMBER)
        for u in users_with_role(organisation, role)
    }
    messages = []
    for user in people.values():
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
