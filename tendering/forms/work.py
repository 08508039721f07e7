"""Forms of the work of a bid: capacity, prices, answers, the library, evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.models import User
from coop.core.spreadsheets import MAX_DOCUMENT_BYTES
from membership.models import Member
from tendering import rules
from tendering.forms._fields import capped, hours_field, narrow, pounds_field
from tendering.models import (
    BidParticipant,
    JointBid,
    LibraryAnswer,
    Lot,
    PriceLine,
    TenderQuestion,
)


class ParticipantField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.member.name)


class LotField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class UserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else str(obj.email)


class EntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(title)s (%(organisation)s; review by %(day)s)") % {
            "title": obj.title,
            "organisation": obj.organisation.name,
            "day": date_format(obj.review_by),
        }


class QuestionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}: {obj.text[:80]}"


def _participant_field(
    form: forms.Form, participants: Iterable[BidParticipant], *, required: bool = True
) -> None:
    field = form.fields["participant"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = (
        BidParticipant.objects.filter(pk__in=[p.pk for p in participants])
        .select_related("member")
        .order_by("member__name")
    )
    field.required = required
    field.error_messages["invalid_choice"] = _("Choose a co-op taking part in this bid.")


def _lot_field(form: forms.Form, bid: JointBid) -> None:
    field = form.fields["lot"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = bid.opportunity.lots.order_by("number")
    field.error_messages["invalid_choice"] = _(
        "That lot is not in this tender: choose one of its lots."
    )


class CommitmentForm(GovukForm, forms.Form):
    participant = ParticipantField(
        label=_("Member co-op"),
        queryset=BidParticipant.objects.none(),
        empty_label=_("Choose a co-op"),
        error_messages={"required": _("Choose the co-op committing the hours.")},
    )
    lot = LotField(
        label=_("Lot"),
        queryset=Lot.objects.none(),
        empty_label=_("Choose a lot"),
        error_messages={"required": _("Choose the lot.")},
    )
    hours_per_week = hours_field(_("Hours a week"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Lot.Role.choices, widget=forms.RadioSelect, initial="primary"
    )
    staff_count = forms.IntegerField(
        label=_("Care staff"), min_value=0, max_value=100000, initial=0
    )
    base = forms.CharField(label=_("Base (office)"), max_length=200, required=False)
    ciw_registration = forms.CharField(
        label=_("Care Inspectorate Wales registration"),
        max_length=50,
        required=False,
        help_text=_("The co-op's registration for the region of this lot."),
    )

    def __init__(
        self, *args: Any, bid: JointBid, participants: Iterable[BidParticipant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _participant_field(self, participants)
        _lot_field(self, bid)
        narrow(self.fields["staff_count"], 4)


class CapacityForm(GovukForm, forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member co-op"),
        queryset=Member.objects.none(),
        empty_label=_("Choose a co-op"),
        error_messages={
            "required": _("Choose the co-op."),
            "invalid_choice": _("Choose a co-op taking part in this bid."),
        },
    )
    hours_per_week = hours_field(
        _("Care hours a week it can deliver in all"),
        help_text=_(
            "Across all the bids it takes part in: over-commitment is checked against this."
        ),
    )

    def __init__(self, *args: Any, participants: Iterable[BidParticipant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Member.objects.filter(pk__in=[p.member_id for p in participants]).order_by(
            "name"
        )
        field.label_from_instance = lambda obj: str(obj.name)  # type: ignore[method-assign]


class PriceForm(GovukForm, forms.Form):
    """One co-op's cost build-up of an hourly rate, for a lot and rate type, in pounds."""

    lot = LotField(
        label=_("Lot"),
        queryset=Lot.objects.none(),
        empty_label=_("Choose a lot"),
        error_messages={"required": _("Choose the lot.")},
    )
    rate_type = forms.ChoiceField(
        label=_("Rate type"),
        choices=PriceLine.RateType.choices,
        widget=forms.RadioSelect,
        initial=PriceLine.RateType.STANDARD,
    )
    pay = pounds_field(_("Care worker's pay an hour, in pounds"), required=True)
    on_costs = pounds_field(_("On-costs an hour (NI, pension, holiday), in pounds"))
    travel = pounds_field(_("Travel an hour, in pounds"))
    overhead = pounds_field(_("Overheads an hour, in pounds"))
    margin = pounds_field(_("Margin an hour, in pounds"))

    def __init__(self, *args: Any, bid: JointBid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lot_field(self, bid)


class AssignForm(GovukForm, forms.Form):
    participant = ParticipantField(
        label=_("Answering for member co-op"),
        queryset=BidParticipant.objects.none(),
        empty_label=_("Choose a co-op"),
        error_messages={"required": _("Each member co-op answers this question: choose which.")},
    )
    author = UserField(
        label=_("Author"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("Choose someone of the consortium or its co-ops.")},
    )
    due_on = forms.DateField(label=_("Due on"), required=False)

    def __init__(
        self,
        *args: Any,
        question: TenderQuestion,
        participants: Iterable[BidParticipant],
        authors: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if question.answered_by == TenderQuestion.AnsweredBy.EACH_MEMBER:
            _participant_field(self, participants)
        else:
            del self.fields["participant"]
        field = self.fields["author"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = authors


class AnswerForm(GovukForm, forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=rules.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    text_cy = forms.CharField(
        label=_("Answer in Welsh"),
        required=False,
        max_length=rules.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    pages = forms.IntegerField(label=_("Pages"), min_value=0, max_value=1000, required=False)

    def __init__(
        self, *args: Any, question: TenderQuestion, needs_welsh: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not needs_welsh:
            del self.fields["text_cy"]
        else:
            self.fields["text_cy"].widget.attrs["lang"] = "cy"
        if question.limit_kind != TenderQuestion.LimitKind.PAGES:
            del self.fields["pages"]
        else:
            narrow(self.fields["pages"], 3)
        if question.limit_kind != TenderQuestion.LimitKind.NONE and question.limit:
            hint = _("At most %(limit)s %(unit)s.") % {
                "limit": question.limit,
                "unit": question.get_limit_kind_display().lower(),
            }
            self.fields["text"].help_text = hint
            if "text_cy" in self.fields:
                self.fields["text_cy"].help_text = hint
        for name in ("text", "text_cy"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "data-limit": question.limit or "",
                        "data-limit-kind": question.limit_kind,
                    }
                )


class ReviewForm(GovukForm, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(
            ("approve", _("Approve the answer")),
            ("send_back", _("Send it back to draft, with a note")),
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Approve the answer or send it back.")},
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=rules.MAX_REVIEW_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LibraryUseForm(GovukForm, forms.Form):
    entry = EntryField(
        label=_("Library entry"),
        queryset=LibraryAnswer.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a library entry."),
            "invalid_choice": _("Choose an entry of the list."),
        },
    )

    def __init__(self, *args: Any, entries: Iterable[LibraryAnswer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            LibraryAnswer.objects.filter(pk__in=[e.pk for e in entries])
            .select_related("organisation")
            .order_by("title", "pk")
        )


class LibraryAddForm(GovukForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=rules.MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8})
    )
    text_cy = forms.CharField(
        label=_("Welsh text"),
        required=False,
        max_length=rules.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=300,
        required=False,
        help_text=_("Words to find it by, separated by commas."),
    )
    review_by = forms.DateField(label=_("Review by"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_by"].initial = timezone.localdate() + dt.timedelta(days=365)


class EvidenceForm(GovukForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 20 MB."),
        error_messages={
            "required": _("Choose the file."),
            "empty": _("Choose a file that is not empty."),
        },
    )
    participant = ParticipantField(
        label=_("About member co-op"),
        queryset=BidParticipant.objects.none(),
        required=False,
        empty_label=_("The whole consortium"),
    )
    question = QuestionField(
        label=_("For question"),
        queryset=TenderQuestion.objects.none(),
        required=False,
        empty_label=_("No question in particular"),
        error_messages={"invalid_choice": _("Choose a question of this tender.")},
    )

    def __init__(
        self,
        *args: Any,
        bid: JointBid,
        participants: Iterable[BidParticipant],
        participant_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _participant_field(self, participants, required=participant_required)
        field = self.fields["question"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bid.opportunity.questions.all()

    def clean_file(self) -> Any:
        return capped(self.cleaned_data["file"], MAX_DOCUMENT_BYTES)
