"""Forms of the pages the secretary shares with the board and the scrutineer: the register
list's filters, decisions on applications and withdrawals, share classes, officers, exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from membership.forms.secretary import SecretaryForm, UserByEmailField, today_field
from membership.models import Member, Officer, RegisterExport
from membership.models.text import NOTE_MAX_LENGTH


class RegisterFilterForm(SecretaryForm):
    """Search and filters of the register list (a GET form)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, member number, email address or postcode."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    member_class = forms.ChoiceField(label=_("Member class"), required=False)
    as_of = forms.DateField(
        label=_("Register as at (optional)"),
        required=False,
        help_text=_("Show the register as it stood at the end of a past day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Member.Status.choices]  # type: ignore[attr-defined]
        self.fields["member_class"].choices = [  # type: ignore[attr-defined]
            ("", _("Any class")),
            *((c.code, c.display_name) for c in self.organisation.member_classes.all()),
        ]

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return day


class ApproveApplicationForm(SecretaryForm):
    prefix = "approve"

    decided_on = today_field(_("Date the board decided"))
    board_minute_reference = forms.CharField(
        label=_("Board minute reference (optional)"), max_length=100, required=False
    )
    user = UserByEmailField(
        label=_("Link a sign-in account (optional)"),
        required=False,
        help_text=_("The email address of an existing account, so the new member can sign in."),
    )


class RejectApplicationForm(SecretaryForm):
    prefix = "reject"

    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("The board's reason"),
        help_text=_("The applicant is told this reason."),
        error_messages={"required": _("Enter the board's reason.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    board_minute_reference = forms.CharField(
        label=_("Board minute reference (optional)"), max_length=100, required=False
    )


class WithdrawalDecideForm(SecretaryForm):
    decision = forms.ChoiceField(
        label=_("The board's decision"),
        choices=[("approve", _("Approve the withdrawal")), ("refuse", _("Refuse the withdrawal"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the board approves or refuses.")},
    )
    solvency_considered = forms.BooleanField(
        label=_("The board considered whether paying keeps the society solvent"),
        help_text=_("Required to approve a withdrawal."),
        required=False,
    )
    decided_on = today_field(_("Date the board decided"))
    board_minute_reference = forms.CharField(
        label=_("Board minute reference (optional)"), max_length=100, required=False
    )
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Note on the decision (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawalPayForm(SecretaryForm):
    paid_on = today_field(_("Date paid"))


class WithdrawalCancelForm(SecretaryForm):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Why the withdrawal is cancelled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why the withdrawal is cancelled.")},
    )


class SuspendWithdrawalsForm(SecretaryForm):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("The board's reason"),
        help_text=_("Members asking to withdraw these shares are shown this reason."),
        error_messages={"required": _("Enter the board's reason.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResumeWithdrawalsForm(SecretaryForm):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OfficerAppointForm(SecretaryForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    office = forms.ChoiceField(label=_("Office"), choices=Officer.Office.choices)
    member_number = forms.IntegerField(
        label=_("Member number (optional)"),
        required=False,
        min_value=1,
        help_text=_("If the officer is a member."),
    )
    appointment = forms.ChoiceField(
        label=_("How appointed"),
        choices=Officer.Appointment.choices,
        initial=Officer.Appointment.ELECTED,
        widget=forms.RadioSelect,
    )
    appointed_on = today_field(_("Appointed on"))
    term_ends_on = forms.DateField(label=_("Term due to end (optional)"), required=False)

    def clean_member_number(self) -> Member | None:
        number = self.cleaned_data["member_number"]
        if number is None:
            return None
        member = Member.objects.filter(organisation=self.organisation, number=number).first()
        if member is None:
            raise forms.ValidationError(
                _("There is no member number %(number)s in this register."),
                params={"number": number},
                code="no_member",
            )
        return member


class OfficerEndForm(SecretaryForm):
    ended_on = today_field(_("Left office on"))
    reason = forms.CharField(
        max_length=200, label=_("Why the term ended (optional)"), required=False
    )


class ExportForm(SecretaryForm):
    as_of = today_field(_("Register as at"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=RegisterExport.Format.choices,
        initial=RegisterExport.Format.PDF,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("en-gb", _("English")), ("cy", _("Welsh"))],
        initial="en-gb",
        widget=forms.RadioSelect,
    )

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        if day < self.organisation.registered_on:
            raise forms.ValidationError(
                _("The date cannot be before the organisation was registered (%(day)s)."),
                params={"day": date_format(self.organisation.registered_on)},
                code="before_registration",
            )
        return day
