"""Forms of the secretary's pages about one member: contact details, status, people linked
to the membership (sign-in account, joint holders, representatives, nominations).

Every form takes the `organisation` (and, where it helps, the `member`) so its choices are
limited to that organisation. The services check the rules; these forms check only the shape
of the input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.models import User
from membership.models import Member, MemberClass, Nomination, Organisation, Representative
from membership.models.members import LANGUAGE_CHOICES
from membership.models.text import ADDRESS_MAX_LENGTH, NOTE_MAX_LENGTH

POUNDS_HELP = _("In pounds, for example 25.00.")


def pounds_to_pence(value: Decimal) -> int:
    """Pounds with at most two decimal places → whole pence."""
    return int((value * 100).to_integral_value())


class PoundsField(forms.DecimalField):
    """An amount of money entered in pounds (at most two decimal places)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("help_text", POUNDS_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "govuk-input--width-10")


class SecretaryForm(GovukForm, forms.Form):
    """Base form: knows its organisation (and the member the page is about, if any)."""

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        member: Member | None = None,
        **kwargs: Any,
    ) -> None:
        self.organisation = organisation
        self.member = member
        super().__init__(*args, **kwargs)


def today_field(label: Any, **kwargs: Any) -> forms.DateField:
    """A date field that starts at today (the common case for register entries)."""
    return forms.DateField(label=label, initial=timezone.localdate, **kwargs)


class UserByEmailField(forms.EmailField):
    """An existing sign-in account, given by its email address."""

    default_error_messages = {
        "no_account": _(
            "There is no sign-in account with this email address. Ask the person to "
            "create one first, or check the address."
        ),
    }

    def clean(self, value: Any) -> User | None:
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(self.error_messages["no_account"], code="no_account")
        return user


class ContactForm(SecretaryForm):
    """Contact details and class of a member (the register's statutory particulars)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    postal_address = forms.CharField(
        max_length=ADDRESS_MAX_LENGTH,
        label=_("Postal address"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    email_for_notices = forms.BooleanField(
        label=_("The member gave this address for notices of meetings"), required=False
    )
    email_for_ballots = forms.BooleanField(
        label=_("The member gave this address for voting"), required=False
    )
    email_for_news = forms.BooleanField(
        label=_("The member gave this address for news"), required=False
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth (optional)"), required=False)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    member_class = forms.ModelChoiceField(
        label=_("Member class"), queryset=MemberClass.objects.none(), empty_label=None
    )

    FIELDS = (
        "name",
        "postal_address",
        "postcode",
        "email",
        "email_for_notices",
        "email_for_ballots",
        "email_for_news",
        "phone",
        "date_of_birth",
        "preferred_language",
        "member_class",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        member: Member = kwargs["member"]
        kwargs.setdefault("initial", {name: getattr(member, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["member_class"].queryset = self.organisation.member_classes.all()  # type: ignore[attr-defined]


def contact_changes(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """Only the contact fields whose value differs from the member's record."""
    return {name: data[name] for name in ContactForm.FIELDS if data[name] != getattr(member, name)}


class SuspendForm(SecretaryForm):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Why the member is suspended"),
        help_text=_("Name the rule and the board's decision."),
        error_messages={"required": _("Enter why the member is suspended.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(SecretaryForm):
    """No fields: the button is the confirmation (reinstate, issue and similar)."""


class CeaseForm(SecretaryForm):
    ceased_on = today_field(_("Date membership ceased"))
    ceased_reason = forms.ChoiceField(
        label=_("Why membership ceased"),
        choices=Member.CeasedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why membership ceased.")},
    )
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EraseForm(SecretaryForm):
    fields_to_erase = forms.MultipleChoiceField(
        label=_("Optional details to erase"),
        help_text=_(
            "Only optional details can be erased. The register's statutory particulars "
            "stay while the law requires them (CCBS Act 2014 s.30)."
        ),
        choices=[("phone", _("Phone")), ("date_of_birth", _("Date of birth"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one detail to erase.")},
    )


class LinkUserForm(SecretaryForm):
    user = UserByEmailField(
        label=_("Email address of the sign-in account"),
        help_text=_("The person must already have an account on Cyd."),
    )


class JointHolderForm(SecretaryForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Enter the joint holder's name.")},
    )
    postal_address = forms.CharField(
        max_length=ADDRESS_MAX_LENGTH,
        label=_("Postal address (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    is_designated_voter = forms.BooleanField(
        label=_("This joint holder votes for the joint holding"),
        help_text=_("Replaces any joint holder designated before."),
        required=False,
    )


class RepresentativeForm(SecretaryForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Representative.Role.choices,
        initial=Representative.Role.PRIMARY,
        widget=forms.RadioSelect,
        help_text=_("A new representative ends the term of the current one."),
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    user = UserByEmailField(
        label=_("Email address of their sign-in account"),
        required=False,
        help_text=_("Link an existing account so they can vote for the member organisation."),
    )
    started_on = today_field(_("Representative from"))


class NominationForm(SecretaryForm):
    nominee_name = forms.CharField(label=_("Nominee's name"), max_length=200)
    nominee_address = forms.CharField(
        max_length=ADDRESS_MAX_LENGTH,
        label=_("Nominee's address"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the member"),
        choices=Nomination.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the nominee's relationship to the member.")},
    )
    nominee_is_officer_or_employee = forms.BooleanField(
        label=_("The nominee is an officer or employee of the society"), required=False
    )
    maximum = PoundsField(
        label=_("Up to"),
        initial=Decimal("5000.00"),
        min_value=Decimal("0.01"),
        help_text=_("In pounds; the law allows at most £5,000 (CCBS Act 2014 s.37)."),
    )
    received_on = today_field(_("Nomination received in writing on"))


class NominationRevokeForm(SecretaryForm):
    revoked_on = today_field(_("Revoked on"))
