"""The secretary's page about one member, and the actions on the member's record: contact
details, suspension, ceasing, erasure of optional data, sign-in account, joint holders,
representatives and nominations. Share ledger actions are in `membership.views.ledger`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from membership import permissions, selectors, services
from membership.forms.secretary import (
    CeaseForm,
    ConfirmForm,
    ContactForm,
    EraseForm,
    JointHolderForm,
    LinkUserForm,
    NominationForm,
    NominationRevokeForm,
    RepresentativeForm,
    SuspendForm,
    contact_changes,
    pounds_to_pence,
)
from membership.models import Member, ShareTransaction
from membership.rules import format_pounds
from membership.views._common import member_action_page


def _actions(member: Member) -> list[tuple[str, str]]:
    """The secretary's actions on a member: (link text, URL name)."""
    if member.is_ceased:
        return [(_("Transfer shares on death"), "member_death_transfer")]
    actions = [
        (_("Allot shares"), "member_allot"),
        (_("Record a payment"), "member_payment"),
        (_("Transfer shares"), "member_transfer"),
        (_("Cancel shares"), "member_cancel"),
        (_("Credit interest as shares"), "member_interest"),
        (_("Transfer shares on death"), "member_death_transfer"),
        (_("Request a withdrawal"), "member_withdrawal_request"),
        (_("Issue a share certificate"), "member_certificate_issue"),
        (_("Update contact details"), "member_contact"),
        (_("Link a sign-in account"), "member_link_user"),
        (_("Add a joint holder"), "member_joint_holder_add"),
        (_("Record a nomination"), "member_nomination_record"),
        (_("Erase optional details"), "member_erase"),
    ]
    if member.kind == Member.Kind.ORGANISATION:
        actions.append((_("Add a representative"), "member_representative_add"))
    if member.status == Member.Status.SUSPENDED:
        actions.append((_("Reinstate"), "member_reinstate"))
    else:
        actions.append((_("Suspend"), "member_suspend"))
    actions.append((_("Record that membership ceased"), "member_cease"))
    return actions


@login_required
@require_GET
def member_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Everything the register holds about one member, with the ledger history."""
    member = permissions.member_get_for_view(request.user, slug, number)
    organisation = member.organisation
    ledger = list(selectors.member_ledger(member))
    corrected = {entry.reverses_id for entry in ledger if entry.reverses_id}
    can_manage = permissions.can_manage_register(request.user, organisation)
    return render(
        request,
        "membership/secretary/member_detail.html",
        {
            "organisation": organisation,
            "member": member,
            "holdings": selectors.member_holdings(member),
            "ledger": [
                {
                    "entry": entry,
                    "paid": ("+" if entry.paid_pence > 0 else "") + format_pounds(entry.paid_pence)
                    if entry.paid_pence
                    else "–",
                    "is_corrected": entry.pk in corrected,
                    "can_correct": can_manage
                    and entry.kind != ShareTransaction.Kind.CORRECTION
                    and entry.pk not in corrected
                    and not member.is_ceased,
                }
                for entry in ledger
            ],
            **selectors.member_record(member),
            "can_manage": can_manage,
            "actions": [
                (text, reverse(f"membership:{name}", args=[slug, number]))
                for text, name in _actions(member)
            ]
            if can_manage
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_contact(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        changes = contact_changes(member, data)
        if not changes:
            return _("Nothing was changed.")
        services.member_update(member=member, changes=changes, actor=actor)
        return _("The member's details are updated.")

    return member_action_page(
        request,
        slug,
        number,
        form_class=ContactForm,
        perform=perform,
        title=_("Update contact details"),
        submit_label=_("Save the details"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_suspend(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.member_suspend(member=member, reason=data["reason"], actor=actor)
        return _("Member %(number)s is suspended.") % {"number": member.number}

    return member_action_page(
        request,
        slug,
        number,
        form_class=SuspendForm,
        perform=perform,
        title=_("Suspend the member"),
        intro=_("A suspended member stays on the register but may not vote."),
        submit_label=_("Suspend"),
        danger=True,
        aliases={"status": "reason"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_reinstate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.member_reinstate(member=member, actor=actor)
        return _("Member %(number)s is reinstated.") % {"number": member.number}

    return member_action_page(
        request,
        slug,
        number,
        form_class=ConfirmForm,
        perform=perform,
        title=_("Reinstate the member"),
        intro=_("The suspension ends and the member may vote again."),
        submit_label=_("Reinstate"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_cease(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.member_cease(
            member=member,
            ceased_on=data["ceased_on"],
            reason=data["ceased_reason"],
            note=data["note"],
            actor=actor,
        )
        return _("Member %(number)s has ceased to be a member.") % {"number": member.number}

    return member_action_page(
        request,
        slug,
        number,
        form_class=CeaseForm,
        perform=perform,
        title=_("Record that membership ceased"),
        warning=_(
            "The entry stays on the register with the date ceased. Nothing more can be "
            "recorded on the account afterwards, except a transfer on death."
        ),
        submit_label=_("Record that membership ceased"),
        danger=True,
        aliases={"member": "ceased_on"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_erase(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.member_erase_optional(member=member, fields=data["fields_to_erase"], actor=actor)
        return _("The optional details are erased.")

    return member_action_page(
        request,
        slug,
        number,
        form_class=EraseForm,
        perform=perform,
        title=_("Erase optional details"),
        intro=_("At the member's request, optional details they gave can be erased."),
        submit_label=_("Erase"),
        danger=True,
        aliases={"phone": "fields_to_erase", "date_of_birth": "fields_to_erase"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_link_user(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.member_link_user(member=member, user=data["user"], actor=actor)
        return _("The sign-in account %(email)s is linked to member %(number)s.") % {
            "email": data["user"].email,
            "number": member.number,
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=LinkUserForm,
        perform=perform,
        title=_("Link a sign-in account"),
        intro=_("The person can then sign in to see their account and vote."),
        submit_label=_("Link the account"),
        aliases={"member": "user"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_joint_holder_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        holder = services.joint_holder_add(member=member, actor=actor, **data)
        return _("%(name)s is added as a joint holder.") % {"name": holder.name}

    return member_action_page(
        request,
        slug,
        number,
        form_class=JointHolderForm,
        perform=perform,
        title=_("Add a joint holder"),
        submit_label=_("Add the joint holder"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_representative_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        rep = services.representative_add(member=member, actor=actor, **data)
        return _("%(name)s is recorded as %(role)s.") % {
            "name": rep.name,
            "role": rep.get_role_display().lower(),
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=RepresentativeForm,
        perform=perform,
        title=_("Add a representative"),
        intro=_("The person who votes for the member organisation, or an alternate."),
        submit_label=_("Add the representative"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_nomination_record(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        fields = {k: v for k, v in data.items() if k != "maximum"}
        services.nomination_record(
            member=member, maximum_pence=pounds_to_pence(data["maximum"]), actor=actor, **fields
        )
        return _("The nomination is entered in the book of nominations.")

    return member_action_page(
        request,
        slug,
        number,
        form_class=NominationForm,
        perform=perform,
        title=_("Record a nomination"),
        intro=_(
            "A member may nominate who receives their property in the society, up to "
            "£5,000, on their death (CCBS Act 2014 s.37)."
        ),
        submit_label=_("Record the nomination"),
        aliases={"maximum_pence": "maximum", "member": "nominee_name"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_nomination_revoke(
    request: HttpRequest, slug: str, number: int, nomination_id: int
) -> HttpResponse:
    nomination = permissions.nomination_get_for_revoke(request.user, slug, number, nomination_id)
    member = nomination.member

    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.nomination_revoke(
            nomination=nomination, revoked_on=data["revoked_on"], actor=actor
        )
        return _("The nomination of %(name)s is revoked.") % {"name": nomination.nominee_name}

    return member_action_page(
        request,
        slug,
        number,
        form_class=NominationRevokeForm,
        perform=perform,
        title=_("Revoke a nomination"),
        summary=[
            (_("Nominee"), nomination.nominee_name),
            (_("Relationship"), nomination.get_relationship_display()),
            (_("Received"), nomination.received_on),
        ],
        submit_label=_("Revoke the nomination"),
        danger=True,
        member=member,
    )
