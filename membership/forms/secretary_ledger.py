"""Forms of the secretary's share ledger pages: allotment, payment, transfer, cancellation,
interest, transfer on death, correction, certificates and withdrawals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from membership.forms.secretary import PoundsField, SecretaryForm, today_field
from membership.models import Member, ShareClass
from membership.models.text import NOTE_MAX_LENGTH


class ShareClassFormMixin(SecretaryForm):
    """A `share_class` choice limited to the organisation's share classes."""

    share_class = forms.ModelChoiceField(
        label=_("Share class"), queryset=ShareClass.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["share_class"].queryset = self.organisation.share_classes.order_by("name")  # type: ignore[attr-defined]


def shares_field(label: Any = None) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label or _("Number of shares"),
        min_value=1,
        error_messages={"min_value": _("Enter a whole number of shares, 1 or more.")},
    )
    field.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-10"})
    return field


class AllotForm(ShareClassFormMixin):
    shares = shares_field()
    paid = PoundsField(
        label=_("Amount paid now (optional)"),
        required=False,
        min_value=Decimal("0.00"),
        help_text=_("In pounds. Leave empty if nothing has been paid yet."),
    )
    effective_on = today_field(_("Date of allotment"))
    reason = forms.CharField(max_length=NOTE_MAX_LENGTH, label=_("Note (optional)"), required=False)


class PaymentForm(ShareClassFormMixin):
    amount = PoundsField(label=_("Amount paid"), min_value=Decimal("0.01"))
    effective_on = today_field(_("Date paid"))
    reason = forms.CharField(max_length=NOTE_MAX_LENGTH, label=_("Note (optional)"), required=False)


class TransferForm(ShareClassFormMixin):
    to_member_number = forms.IntegerField(
        label=_("Member number of the member receiving the shares"), min_value=1
    )
    shares = shares_field()
    effective_on = today_field(_("Date of transfer"))
    reason = forms.CharField(max_length=NOTE_MAX_LENGTH, label=_("Note (optional)"), required=False)

    def clean_to_member_number(self) -> Member:
        number = self.cleaned_data["to_member_number"]
        to_member = Member.objects.filter(organisation=self.organisation, number=number).first()
        if to_member is None:
            raise forms.ValidationError(
                _("There is no member number %(number)s in this register."),
                params={"number": number},
                code="no_member",
            )
        return to_member


class CancelForm(ShareClassFormMixin):
    shares = shares_field()
    effective_on = today_field(_("Date of cancellation"))
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Why the shares are cancelled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why the shares are cancelled.")},
    )


class InterestForm(ShareClassFormMixin):
    shares = shares_field(_("Number of shares credited"))
    effective_on = today_field(_("Date credited"))
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Note (optional)"),
        required=False,
        help_text=_("For example, the year and rate of interest."),
    )


class CorrectionForm(SecretaryForm):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("What was wrong with this entry"),
        error_messages={"required": _("Enter what was wrong with this entry.")},
        help_text=_(
            "A reversing entry is added with this reason; the original stays in the ledger."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CertificateForm(ShareClassFormMixin):
    pass


class WithdrawalRequestForm(ShareClassFormMixin):
    shares = shares_field(_("Number of shares to withdraw"))
    requested_on = today_field(_("Date the member gave notice"))
