"""Forms of the member-facing pages: contact details, notice to withdraw, and joining.

Each form checks what the input looks like; the membership services decide the rules and
their refusals are put back on the form by `add_service_errors`, field by field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coop.core.forms import GovukForm
from membership.models import Member, MemberClass, ShareClass
from membership.models.members import LANGUAGE_CHOICES
from membership.models.text import ADDRESS_MAX_LENGTH
from membership.rules import Holding

EMAIL_PURPOSES = (
    ("notices", _("Notices of general meetings")),
    ("ballots", _("Voting in ballots")),
    ("news", _("News from the co-operative")),
)
#: Form choice → member/application field.
PURPOSE_FIELDS = {
    "notices": "email_for_notices",
    "ballots": "email_for_ballots",
    "news": "email_for_news",
}
EMAIL_INVALID = _("Enter an email address in the correct format, like name@example.com")
WHOLE_SHARES = _("Enter a whole number of shares, like 1 or 10")


class GovukRadioSelect(forms.RadioSelect):
    """Radios whose field id is the first option's, so the error summary links to it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class MemberClassChoiceField(forms.ModelChoiceField):
    """Member classes by their name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class GovukCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first option's, so the error summary links to it, and
    whose boxes carry the checkboxes' class."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # GovukForm matches RadioSelect (our base class) first and gives each box the radios'
        # class, which hides the tick; each box needs the checkboxes' class.
        option = super().create_option(*args, **kwargs)
        css = option["attrs"].get("class", "")
        option["attrs"]["class"] = css.replace("govuk-radios__input", "govuk-checkboxes__input")
        return option


def purposes_of(obj: Member) -> list[str]:
    return [code for code, attr in PURPOSE_FIELDS.items() if getattr(obj, attr)]


def purpose_flags(purposes: list[str]) -> dict[str, bool]:
    return {attr: code in purposes for code, attr in PURPOSE_FIELDS.items()}


def _email_purposes_field(label: Any, help_text: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=EMAIL_PURPOSES,
        required=False,
        widget=GovukCheckboxSelectMultiple,
    )


def _language_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=LANGUAGE_CHOICES,
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose English or Cymraeg.")},
    )


class ContactDetailsForm(GovukForm, forms.Form):
    """A member changes their own contact details."""

    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        error_messages={"required": _("Enter your postal address.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"max_length": _("A postcode has at most 10 characters.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": EMAIL_INVALID},
    )
    email_purposes = _email_purposes_field(
        _("What may we email you about?"),
        _("Tick each one you are happy to get by email. We send the others by post."),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    preferred_language = _language_field(_("Which language should we use when we write to you?"))

    @classmethod
    def for_member(cls, member: Member, data: Any = None) -> ContactDetailsForm:
        initial = {
            "postal_address": member.postal_address,
            "postcode": member.postcode,
            "email": member.email,
            "email_purposes": purposes_of(member),
            "phone": member.phone,
            "preferred_language": member.preferred_language,
        }
        return cls(data=data, initial=initial)

    def changes(self) -> dict[str, Any]:
        """The changes for `services.member_update`."""
        data = self.cleaned_data
        return {
            "postal_address": data["postal_address"],
            "postcode": data["postcode"].strip().upper(),
            "email": data["email"],
            "phone": data["phone"],
            "preferred_language": data["preferred_language"],
            **purpose_flags(data["email_purposes"]),
        }


class WithdrawalNoticeForm(GovukForm, forms.Form):
    """A member gives notice to withdraw some of their withdrawable shares.

    The radios offer the classes the member may withdraw from; any other class they hold is
    answered with the reason it cannot be withdrawn. The service checks the rest (lock-in,
    notices already running, the minimum holding) when the member confirms.
    """

    share_class = forms.CharField(
        max_length=50,
        label=_("Which shares do you want to withdraw?"),
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose which shares you want to withdraw.")},
    )
    shares = forms.IntegerField(
        label=_("How many shares?"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter how many shares you want to withdraw."),
            "invalid": WHOLE_SHARES,
            "min_value": _("Enter a whole number of shares, 1 or more."),
        },
    )

    def __init__(self, *args: Any, holdings: list[tuple[ShareClass, Holding]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.holdings = {share_class.code: (share_class, h) for share_class, h in holdings}
        self.fields["share_class"].widget.choices = [
            (
                share_class.code,
                _("%(cls)s (you hold %(count)s)")
                % {"cls": share_class.display_name, "count": holding.shares},
            )
            for share_class, holding in holdings
            if share_class.is_withdrawable and not share_class.withdrawals_suspended
        ]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["share_class"].widget.choices)

    def clean_share_class(self) -> ShareClass:
        code = self.cleaned_data["share_class"]
        if code not in self.holdings:
            raise ValidationError(_("Choose one of the kinds of shares you hold."))
        share_class, _holding = self.holdings[code]
        if not share_class.is_withdrawable:
            raise ValidationError(
                _("%(cls)s cannot be withdrawn (share class terms).")
                % {"cls": share_class.display_name}
            )
        if share_class.withdrawals_suspended:
            raise ValidationError(
                _("The board has suspended withdrawals of %(cls)s.")
                % {"cls": share_class.display_name}
            )
        return share_class

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        share_class = data.get("share_class")
        shares = data.get("shares")
        if isinstance(share_class, ShareClass) and isinstance(shares, int):
            held = self.holdings[share_class.code][1].shares
            if shares > held:
                self.add_error(
                    "shares",
                    _("You hold %(held)s of these shares: you cannot withdraw more than that.")
                    % {"held": held},
                )
        return data


class JoinForm(GovukForm, forms.Form):
    """The public application to join a co-operative."""

    kind = forms.ChoiceField(
        label=_("Are you applying for yourself or for an organisation?"),
        choices=[
            (Member.Kind.PERSON, _("For myself")),
            (Member.Kind.ORGANISATION, _("For an organisation")),
        ],
        initial=Member.Kind.PERSON,
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose whether you are applying for yourself.")},
    )
    name = forms.CharField(
        label=_("Full name"),
        help_text=_("For an organisation, its full name."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address."), "invalid": EMAIL_INVALID},
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        error_messages={"required": _("Enter your postal address.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": _("Enter your postcode."),
            "max_length": _("A postcode has at most 10 characters."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"autocomplete": "bday"}),
        error_messages={"invalid": _("Enter a real date of birth.")},
    )
    member_class = MemberClassChoiceField(
        label=_("Which group of members are you in?"),
        queryset=MemberClass.objects.none(),
        widget=GovukRadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose which group of members you are in."),
            "invalid_choice": _("Choose one of the groups of members listed."),
        },
    )
    shares_requested = forms.IntegerField(
        label=_("How many shares would you like?"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter how many shares you would like."),
            "invalid": WHOLE_SHARES,
            "min_value": _("Enter a whole number of shares, 1 or more."),
        },
    )
    preferred_language = _language_field(_("Which language should we use when we write to you?"))
    email_purposes = _email_purposes_field(
        _("What may we email you about?"),
        _("Tick each one you are happy to get by email. We send the others by post."),
    )
    declaration = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm the declaration.")},
    )
    #: A honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(
        max_length=200,
        label=_("Leave this empty"),
        required=False,
        template_name="membership/join/honeypot_field.html",  # type: ignore[call-arg]
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        member_classes: QuerySet[MemberClass],
        organisation_name: str,
        minimum_shares: int,
        minimum_age: int | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_class"].queryset = member_classes  # type: ignore[attr-defined]
        self.fields["shares_requested"].help_text = ngettext(
            "You need at least %(count)s share to be a member.",
            "You need at least %(count)s shares to be a member.",
            minimum_shares,
        ) % {"count": minimum_shares}
        if minimum_age is not None:
            self.fields["date_of_birth"].help_text = _(
                "If you are applying for yourself. Members must be at least %(age)s years old."
            ) % {"age": minimum_age}
        self.fields["declaration"].label = _(
            "I want to become a member of %(org)s. I agree to keep to its rules, and what I "
            "have told you here is true."
        ) % {"org": organisation_name}

    @property
    def is_robot(self) -> bool:
        """Whether the honeypot was filled in (only robots see it)."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def application_fields(self) -> dict[str, Any]:
        """The keyword arguments for `services.application_submit` (without the share class)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name": data["name"],
            "email": data["email"],
            "postal_address": data["postal_address"],
            "postcode": data["postcode"],
            "phone": data["phone"],
            "date_of_birth": data["date_of_birth"],
            "member_class": data["member_class"],
            "shares_requested": data["shares_requested"],
            "preferred_language": data["preferred_language"],
            "declaration": data["declaration"],
            **purpose_flags(data["email_purposes"]),
        }
