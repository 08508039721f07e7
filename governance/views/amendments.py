"""Amendments: a member proposes, seconds or withdraws one; the chair rules one out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from governance import permissions, services
from governance.forms.meetings import ConfirmForm, ReasonForm
from governance.forms.motions import AmendmentForm
from governance.models import Amendment
from governance.views._common import as_member, member_of, motion_url, page_context


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
    motion = permissions.motion_get_for(
        request.user, slug, pk, permissions.can_amend_motion, action=True
    )
    member = member_of(request, motion.organisation)
    form = AmendmentForm(
        bound(request), initial={"text": motion.substantive_text, "text_cy": motion.text_cy}
    )
    if permissions.can_propose_board_amendment(request.user, motion):
        form.fields["by_board"] = forms.BooleanField(
            label=_("Proposed by the board (needs no seconder)"), required=False
        )
        form.fields["by_board"].widget.attrs["class"] = "govuk-checkboxes__input"

    def perform(data: dict[str, Any], actor: User) -> str:
        by_board = bool(data.get("by_board"))
        services.amendment_submit(
            motion=motion,
            text=data["text"],
            summary=data["summary"],
            text_cy=data["text_cy"],
            proposer=None if by_board else as_member(member),
            by_board=by_board,
            actor=actor,
        )
        if by_board:
            return _("The board's amendment is proposed.")
        return _("Your amendment is proposed. It needs another member to second it.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=motion_url(motion),
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
    amendment = permissions.amendment_get_for(
        request.user, slug, pk, permissions.can_second_amendment, action=True
    )
    member = member_of(request, amendment.motion.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.amendment_second(amendment=amendment, seconder=as_member(member), actor=actor)
        return _("You have seconded the amendment.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=motion_url(amendment.motion),
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
    """The proposer withdraws their amendment; the secretary withdraws the board's."""
    amendment = permissions.amendment_get_for(
        request.user, slug, pk, permissions.can_withdraw_amendment, action=True
    )
    member = member_of(request, amendment.motion.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.amendment_withdraw(amendment=amendment, by=member, actor=actor)
        if amendment.is_board_amendment:
            return _("The amendment is withdrawn.")
        return _("Your amendment is withdrawn.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=motion_url(amendment.motion),
        context=page_context(
            amendment.motion.organisation,
            title=_("Withdraw the amendment")
            if amendment.is_board_amendment
            else _("Withdraw your amendment"),
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
    amendment = permissions.amendment_get_for(
        request.user, slug, pk, permissions.can_rule_out_amendment, action=True
    )
    form = ReasonForm(bound(request))
    form.fields["reason"].label = _("Why is the amendment out of order?")

    def perform(data: dict[str, Any], actor: User) -> str:
        services.amendment_rule_out(amendment=amendment, reason=data["reason"], actor=actor)
        return _("The amendment is ruled out of order.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=motion_url(amendment.motion),
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
