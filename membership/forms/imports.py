"""Forms of the register import: the upload, and the check of one spreadsheet row.

`MemberRowForm` validates one row of an imported register; its field names are the column
names, so every message it gives is tied to a column. The register rules that need the
organisation (classes, caps, duplicates) are checked afterwards in `membership.imports`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.spreadsheets import MAX_IMPORT_BYTES, check_upload_size
from membership.models.text import ADDRESS_MAX_LENGTH

#: Spreadsheets accepted (the largest is `MAX_IMPORT_BYTES`, 10 MB: a 50,000-member register
#: with addresses is about 8 MB as CSV).
ALLOWED_EXTENSIONS = (".csv", ".xlsx")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
#: Largest member number the register can hold (a PostgreSQL integer).
MAX_MEMBER_NUMBER = 2_147_483_647

_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
_YES = frozenset({"yes", "y", "true", "1", "ie", "do"})
_NO = frozenset({"no", "n", "false", "0", "na", "nage", ""})
_LANGUAGES = {
    "": "en-gb",
    "en": "en-gb",
    "en-gb": "en-gb",
    "english": "en-gb",
    "saesneg": "en-gb",
    "cy": "cy",
    "welsh": "cy",
    "cymraeg": "cy",
}
_KINDS = {
    "": "person",
    "person": "person",
    "individual": "person",
    "unigolyn": "person",
    "person unigol": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "sefydliad": "organisation",
}


class YesNoField(forms.Field):
    """'yes' or 'no' (also y/n, true/false, 1/0, and Welsh ie/na); empty means no."""

    default_error_messages = {"invalid": _("Enter yes or no.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool:
        text = str(value if value is not None else "").strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value: Any) -> None:
        """Empty is a valid 'no'; nothing more to check."""


class MappedChoiceField(forms.Field):
    """A choice written in words the secretary would use, mapped to the stored value."""

    def __init__(self, *, mapping: dict[str, str], invalid: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.mapping = mapping
        self.error_messages["invalid"] = invalid

    def to_python(self, value: Any) -> str:
        text = str(value if value is not None else "").strip().lower()
        if text not in self.mapping:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.mapping[text]

    def validate(self, value: Any) -> None:
        """Every mapped value is valid, empty included (it maps to the default)."""


class DayField(forms.DateField):
    """A date as YYYY-MM-DD or DD/MM/YYYY; the ISO form is parsed without `strptime`, which
    is slow enough to matter on 50,000 rows."""

    def strptime(self, value: str, format: str) -> dt.date:
        if format == "%Y-%m-%d" and len(value) == 10 and value[4] == value[7] == "-":
            return dt.date.fromisoformat(value)
        return super().strptime(value, format)


class PoundsField(forms.DecimalField):
    """An amount in pounds with at most two decimal places; '£' and thousands separators
    (1,250.00) allowed."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().removeprefix("£").strip()
            # Only thousands separators go: "1,00" (a decimal comma) stays invalid, never £100.
            if _THOUSANDS.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)


class MemberRowForm(forms.Form):
    """One row of an imported register: one member and one holding (CCBS Act 2014 s.30).

    A member who holds two share classes takes two rows with the same `member_number`.
    """

    _errors: ErrorDict | None
    _bound_fields_cache: dict[str, Any]

    member_number = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_MEMBER_NUMBER,
        error_messages={
            "invalid": _("A member number is a whole number, 1 or more."),
            "min_value": _("A member number is a whole number, 1 or more."),
            "max_value": _("This member number is too large."),
        },
    )
    name = forms.CharField(
        max_length=200,
        error_messages={
            "required": _(
                "Enter the member's name: the register must hold it (CCBS Act 2014 s.30)."
            )
        },
    )
    kind = MappedChoiceField(
        mapping=_KINDS,
        invalid=_("Enter “person” or “organisation” (or leave it empty: person)."),
    )
    member_class = forms.CharField(
        max_length=40,
        error_messages={"required": _("Enter the code of the member's class.")},
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address like name@example.org.")},
    )
    email_for_notices = YesNoField()
    email_for_ballots = YesNoField()
    email_for_news = YesNoField()
    postal_address = forms.CharField(
        max_length=ADDRESS_MAX_LENGTH,
        error_messages={
            "required": _(
                "Enter the member's postal address: the register must hold it (CCBS Act 2014 s.30)."
            )
        },
    )
    postcode = forms.CharField(required=False, max_length=10)
    date_entered = DayField(
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _(
                "Enter the date the member entered the register (CCBS Act 2014 s.30), "
                "as YYYY-MM-DD or DD/MM/YYYY."
            ),
            "invalid": _("Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2021-04-30."),
        },
    )
    share_class = forms.CharField(
        max_length=40,
        error_messages={"required": _("Enter the code of the share class held.")},
    )
    shares = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Enter a whole number of shares, 1 or more."),
            "invalid": _("Enter a whole number of shares, 1 or more."),
            "min_value": _("Enter a whole number of shares, 1 or more."),
        },
    )
    amount_paid = PoundsField(
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": _("Enter the amount paid on these shares in pounds, for example 1.00."),
            "invalid": _("Enter the amount paid in pounds, for example 1.00."),
            "min_value": _("The amount paid cannot be negative."),
            "max_decimal_places": _("Enter the amount paid in pounds and pence, like 1.50."),
            "max_digits": _("This amount is too large."),
            "max_whole_digits": _("This amount is too large."),
        },
    )
    phone = forms.CharField(required=False, max_length=30)
    date_of_birth = DayField(
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": _("Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 1980-04-30."),
        },
    )
    preferred_language = MappedChoiceField(
        mapping=_LANGUAGES,
        invalid=_("Enter “en” for English or “cy” for Welsh."),
    )
    is_registered_society = YesNoField()

    def rebind(self, data: dict[str, str]) -> MemberRowForm:
        """Check another row with this form: its fields are copied once, not once per row
        (which would cost seconds on a 50,000-row file). The bound fields are kept too: they
        read their data afresh from `self.data`, and nothing else they cache is used to clean.
        """
        self.data = data
        self._errors = None
        return self

    def clean_member_class(self) -> str:
        return str(self.cleaned_data["member_class"]).strip().lower()

    def clean_share_class(self) -> str:
        return str(self.cleaned_data["share_class"]).strip().lower()

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_postcode(self) -> str:
        return str(self.cleaned_data["postcode"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        purposes = [
            name
            for name in ("email_for_notices", "email_for_ballots", "email_for_news")
            if data.get(name)
        ]
        if purposes and "email" in data and not data["email"]:
            self.add_error(
                "email",
                _("Give an email address for the purposes marked “yes”, or mark them “no”."),
            )
        if data.get("is_registered_society") and data.get("kind") == "person":
            self.add_error(
                "is_registered_society",
                _("Only an organisation can be a registered society; this row is a person."),
            )
        return data


#: The columns of the import, in the order of the template file.
COLUMNS: tuple[str, ...] = tuple(MemberRowForm.base_fields)
#: Columns every file must have.
REQUIRED_COLUMNS: tuple[str, ...] = tuple(
    name for name, field in MemberRowForm.base_fields.items() if field.required
)

#: Other spellings accepted in the header row (after lower-casing; spaces and dashes as '_').
ALIASES = {
    "number": "member_number",
    "member_no": "member_number",
    "membership_number": "member_number",
    "rhif_aelod": "member_number",
    "rhif_aelodaeth": "member_number",
    "full_name": "name",
    "enw": "name",
    "math": "kind",
    "class": "member_class",
    "dosbarth_aelod": "member_class",
    "dosbarth_aelodaeth": "member_class",
    "email_address": "email",
    "e_bost": "email",
    "ebost": "email",
    "cyfeiriad_e_bost": "email",
    "e_bost_ar_gyfer_hysbysiadau": "email_for_notices",
    "e_bost_ar_gyfer_pleidleisiau": "email_for_ballots",
    "e_bost_ar_gyfer_newyddion": "email_for_news",
    "address": "postal_address",
    "cyfeiriad": "postal_address",
    "cyfeiriad_post": "postal_address",
    "post_code": "postcode",
    "cod_post": "postcode",
    "date_joined": "date_entered",
    "entered_on": "date_entered",
    "dyddiad_ymuno": "date_entered",
    "dyddiad_mynediad": "date_entered",
    "dosbarth_cyfranddaliadau": "share_class",
    "number_of_shares": "shares",
    "cyfranddaliadau": "shares",
    "nifer_cyfranddaliadau": "shares",
    "paid": "amount_paid",
    "swm_a_dalwyd": "amount_paid",
    "ffon": "phone",
    "ffôn": "phone",
    "rhif_ffon": "phone",
    "dob": "date_of_birth",
    "dyddiad_geni": "date_of_birth",
    "language": "preferred_language",
    "iaith": "preferred_language",
    "dewis_iaith": "preferred_language",
    "cymdeithas_gofrestredig": "is_registered_society",
}


#: What to put in each column (shown on the upload page). Kept apart from the fields:
#: a field's help text is translated each time a row is checked.
COLUMN_HELP = {
    "member_number": _(
        "Leave empty to number new members from the next free number. If given, it must "
        "be unused in the register; give it on both rows of a member who holds two share "
        "classes."
    ),
    "name": _("The member's full name, or the organisation's name."),
    "kind": _("“person” or “organisation”; empty means person."),
    "member_class": _("The code of the member class, for example “workers”."),
    "email": _("The electronic address the member gave."),
    "email_for_notices": _(
        "“yes” if the email address was given for notices of meetings; empty means no."
    ),
    "email_for_ballots": _("“yes” if the email address was given for voting; empty means no."),
    "email_for_news": _("“yes” if the email address was given for news; empty means no."),
    "postal_address": _(
        "The member's postal address (lines may be on one line, separated by commas)."
    ),
    "postcode": _("The postcode."),
    "date_entered": _("The date the member entered the register, as YYYY-MM-DD or DD/MM/YYYY."),
    "share_class": _("The code of the share class held, for example “membership”."),
    "shares": _("How many shares of that class: a whole number, 1 or more."),
    "amount_paid": _(
        "The amount paid on those shares in pounds, for example 1.00: at most their value."
    ),
    "phone": _("A phone number."),
    "date_of_birth": _("As YYYY-MM-DD or DD/MM/YYYY; checked against the rules' minimum age."),
    "preferred_language": _("“en” for English or “cy” for Welsh; empty means English."),
    "is_registered_society": _(
        "“yes” for a member organisation that is a registered society: the £100,000 cap "
        "on withdrawable shares does not apply to it (CCBS Act 2014 s.24)."
    ),
}


class ImportUploadForm(GovukForm, forms.Form):
    """The upload of a register spreadsheet (CSV UTF-8 or Excel .xlsx)."""

    file = forms.FileField(
        label=_("Register spreadsheet"),
        help_text=_("A CSV (saved as “CSV UTF-8”) or Excel .xlsx file, up to 10 MB."),
        allow_empty_file=False,
        error_messages={
            "required": _("Choose the spreadsheet to upload."),
            "empty": _("The file is empty: choose the spreadsheet with your register."),
            "invalid": _("Choose a file to upload."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name or "")[1].lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("The file must be a CSV (.csv) or Excel workbook (.xlsx); this one is “%(ext)s”.")
                % {"ext": extension or _("without an extension")},
                code="extension",
            )
        try:
            check_upload_size("file", upload.size, MAX_IMPORT_BYTES)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"], code="size") from error
        return upload
