"""Amendments: a member proposes, seconds or withdraws one; the chair rules one out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance import permissions, services
from governance.forms.meetings import ConfirmForm, ReasonForm
from governance.forms.motions import AmendmentForm
from governance.models import Amendment
from governance.views._common import (
    acting_user,
    amendment_for_action,
    amendment_for_view,
    bound,
    form_page,
    member_of,
    motion_for_view,
    motion_url,
    page_context,
)
from governance.views.motions import as_member


def _amendment_summary(amendment: Amendment) -> list[tuple[str, str]]:
    rows = [(_("Motion"), amendment.motion.display_title)]
    if amendment.summary:
        rows.append((_("What it changes"), amendment.summary))
    rows.append((_("The motion as it would read"), amendment.text))
    if amendment.proposer_id and amendment.proposer:
        rows.append((_("Proposed by"), amendment.proposer.name))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def amendment_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Propose an amendment: the motion's whole text as it would read if carried. The
    secretary may propose one for the board (it then needs no seconder)."""
    motion = motion_for_view(request, slug, pk)
    member = member_of(request, motion.organisation)
    may_run = permissions.can_run_meeting(request.user, motion.meeting)
    form = AmendmentForm(
        bound(request), initial={"text": motion.substantive_text, "text_cy": motion.text_cy}
    )
    if may_run:
        form.fields["by_board"] = forms.BooleanField(
            label=_("Proposed by the board (needs no seconder)"), required=False
        )
        form.fields["by_board"].widget.attrs["class"] = "govuk-checkboxes__input"

    def perform(data: dict[str, Any]) -> HttpResponse:
        by_board = bool(data.get("by_board"))
        services.amendment_submit(
            motion=motion,
            text=data["text"],
            summary=data["summary"],
            text_cy=data["text_cy"],
            proposer=None if by_board else as_member(member),
            by_board=by_board,
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("The board's amendment is proposed.")
            if by_board
            else _("Your amendment is proposed. It needs another member to second it."),
        )
        return HttpResponseRedirect(motion_url(motion))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=page_context(
            motion.organisation,
            title=_("Propose an amendment"),
            caption=motion.display_title,
            back_url=motion_url(motion),
            submit_label=_("Propose the amendment"),
            intro=_(
                "Amendments are decided before the motion. If carried, the motion then "
                "reads as your text."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_second(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    amendment = amendment_for_view(request, slug, pk)
    member = member_of(request, amendment.motion.organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.amendment_second(
            amendment=amendment, seconder=as_member(member), actor=acting_user(request)
        )
        messages.success(request, _("You have seconded the amendment."))
        return HttpResponseRedirect(motion_url(amendment.motion))

    return form_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        context=page_context(
            amendment.motion.organisation,
            title=_("Second this amendment"),
            caption=amendment.motion.display_title,
            back_url=motion_url(amendment.motion),
            submit_label=_("Yes, second this amendment"),
            summary=_amendment_summary(amendment),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    amendment = amendment_for_view(request, slug, pk)
    member = member_of(request, amendment.motion.organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.amendment_withdraw(amendment=amendment, by=member, actor=acting_user(request))
        messages.success(request, _("Your amendment is withdrawn."))
        return HttpResponseRedirect(motion_url(amendment.motion))

    return form_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        context=page_context(
            amendment.motion.organisation,
            title=_("Withdraw your amendment"),
            caption=amendment.motion.display_title,
            back_url=motion_url(amendment.motion),
            submit_label=_("Withdraw the amendment"),
            summary=_amendment_summary(amendment),
            danger=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_rule_out(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair rules an amendment out of order, with the reason."""
    amendment = amendment_for_action(request, slug, pk)
    form = ReasonForm(bound(request))
    form.fields["reason"].label = _("Why is the amendment out of order?")

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.amendment_rule_out(
            amendment=amendment, reason=data["reason"], actor=acting_user(request)
        )
        messages.success(request, _("The amendment is ruled out of order."))
        return HttpResponseRedirect(motion_url(amendment.motion))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=page_context(
            amendment.motion.organisation,
            title=_("Rule the amendment out of order"),
            caption=amendment.motion.display_title,
            back_url=motion_url(amendment.motion),
            submit_label=_("Rule it out"),
            summary=_amendment_summary(amendment),
            danger=True,
        ),
    )
