"""Forms for entering an opportunity by hand or from an OCDS file, and starting a bid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.spreadsheets import MAX_IMPORT_BYTES
from tendering import rules
from tendering.forms._fields import capped, datetime_field, hours_field, narrow, pounds_field
from tendering.models import AwardCriterion, JointBid, Lot, Opportunity, TenderQuestion

CRITERIA_ROWS = 5


class LotsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class QuestionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}: {obj.text[:80]}"


class OpportunityForm(GovukForm, forms.Form):
    buyer_name = forms.CharField(label=_("Buyer"), max_length=200)
    buyer_identifier = forms.CharField(
        label=_("Buyer's identifier"),
        max_length=100,
        required=False,
        help_text=_("For example its organisation identifier, like GB-GOR-PB123."),
    )
    reference = forms.CharField(label=_("Buyer's reference"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=rules.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    regime = forms.ChoiceField(
        label=_("Regime"), choices=Opportunity.Regime.choices, widget=forms.RadioSelect
    )
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Opportunity.Procedure.choices)
    clarification_deadline = datetime_field(_("Clarification questions by"))
    submission_deadline = datetime_field(_("Bids must be submitted by"), required=True)
    bid_validity_days = forms.IntegerField(
        label=_("Bids stay valid for (days)"), min_value=1, max_value=3650, initial=90
    )
    languages = forms.ChoiceField(
        label=_("Languages of the bid"),
        choices=Opportunity.Languages.choices,
        widget=forms.RadioSelect,
        initial=Opportunity.Languages.ENGLISH,
    )
    max_lots_per_bidder = forms.IntegerField(
        label=_("Most lots one bidder may bid for"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leave empty if the tender sets no limit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regime"].initial = Opportunity.Regime.LIGHT_TOUCH
        self.fields["procedure"].initial = Opportunity.Procedure.OPEN
        narrow(self.fields["bid_validity_days"], 4)
        narrow(self.fields["max_lots_per_bidder"], 3)


class ImportForm(GovukForm, forms.Form):
    file = forms.FileField(
        label=_("OCDS release file (JSON)"),
        help_text=_(
            "A release or a release package with one release, following OCDS 1.1 with the "
            "bids, lots and subcontracting extensions. At most 10 MB."
        ),
        error_messages={"required": _("Choose the OCDS file to import.")},
    )

    def clean_file(self) -> Any:
        return capped(self.cleaned_data["file"], MAX_IMPORT_BYTES)


class LotForm(GovukForm, forms.Form):
    number = forms.IntegerField(label=_("Lot number"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=200, required=False)
    zone = forms.CharField(label=_("Zone"), max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), choices=Lot.Role.choices, widget=forms.RadioSelect, initial="primary"
    )
    estimated_hours_per_week = hours_field(_("Buyer's estimate of hours a week"))
    rate_ceiling = pounds_field(_("Highest hourly rate, in pounds"))
    value_ceiling = pounds_field(_("Highest value a year, in pounds"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrow(self.fields["number"], 3)


class CriteriaForm(GovukForm, forms.Form):
    """Up to five award criteria; their weights must add up to 100 (the service says so)."""

    def __init__(self, *args: Any, criteria: list[AwardCriterion] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        existing = list(criteria or [])
        kinds = [("", _("Not used")), *AwardCriterion.Kind.choices]
        for i in range(1, CRITERIA_ROWS + 1):
            current = existing[i - 1] if i <= len(existing) else None
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Criterion %(n)s: kind") % {"n": i},
                choices=kinds,
                required=False,
                initial=current.kind if current else "",
            )
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Criterion %(n)s: name") % {"n": i},
                max_length=200,
                required=False,
                initial=current.name if current else "",
            )
            weight = forms.IntegerField(
                label=_("Criterion %(n)s: weight (%%)") % {"n": i},
                required=False,
                initial=current.weight if current else None,
            )
            narrow(weight, 3)
            self.fields[f"weight_{i}"] = weight

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        criteria = []
        for i in range(1, CRITERIA_ROWS + 1):
            kind, name, weight = (
                data.get(f"kind_{i}"),
                (data.get(f"name_{i}") or "").strip(),
                data.get(f"weight_{i}"),
            )
            if not kind and not name and weight is None:
                continue
            if not kind:
                self.add_error(f"kind_{i}", _("Choose the kind of this criterion."))
            if not name:
                self.add_error(f"name_{i}", _("Name this criterion."))
            if weight is None and f"weight_{i}" not in self.errors:
                self.add_error(f"weight_{i}", _("Give this criterion's weight."))
            criteria.append((kind or "", name, weight if weight is not None else 0))
        if not criteria and not self.errors:
            raise forms.ValidationError(_("Enter at least one criterion."))
        data["criteria"] = criteria
        return data


class QuestionForm(GovukForm, forms.Form):
    section = forms.CharField(label=_("Section"), max_length=100)
    number = forms.CharField(label=_("Number"), max_length=20, help_text=_("For example 2.3."))
    text = forms.CharField(
        label=_("Question"),
        max_length=rules.MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    text_cy = forms.CharField(
        label=_("Question in Welsh"),
        required=False,
        max_length=rules.MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lots = LotsField(
        label=_("Lots it applies to"),
        queryset=Lot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every lot."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=TenderQuestion.Kind.choices, widget=forms.RadioSelect
    )
    limit_kind = forms.ChoiceField(
        label=_("Limit"), choices=TenderQuestion.LimitKind.choices, widget=forms.RadioSelect
    )
    limit = forms.IntegerField(
        label=_("Limit (words, characters or pages)"), min_value=1, required=False
    )
    weight = forms.DecimalField(
        label=_("Weight (%)"), max_digits=5, decimal_places=2, min_value=Decimal(0), initial=0
    )
    answered_by = forms.ChoiceField(
        label=_("Answered by"),
        choices=TenderQuestion.AnsweredBy.choices,
        widget=forms.RadioSelect,
    )
    is_mandatory = forms.BooleanField(label=_("Must be answered"), required=False, initial=True)

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = TenderQuestion.Kind.SCORED
        self.fields["limit_kind"].initial = TenderQuestion.LimitKind.WORDS
        self.fields["answered_by"].initial = TenderQuestion.AnsweredBy.CONSORTIUM
        field = self.fields["lots"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = opportunity.lots.order_by("number")
        field.error_messages["invalid_choice"] = _("Choose lots of this tender.")
        narrow(self.fields["limit"], 5)
        narrow(self.fields["weight"], 4)


class DocumentForm(GovukForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(
        label=_("Address on the buyer's portal"), required=False, assume_scheme="https"
    )
    published_on = forms.DateField(label=_("Published on"))
    is_addendum = forms.BooleanField(
        label=_("This is an addendum"),
        required=False,
        help_text=_(
            "An addendum reopens the answers to the questions it changes and cancels every "
            "sign-off of the bid."
        ),
    )
    summary = forms.CharField(
        label=_("What it changes"),
        required=False,
        max_length=rules.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    affects = QuestionsField(
        label=_("Questions it changes"),
        queryset=TenderQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["affects"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = opportunity.questions.all()
        field.error_messages["invalid_choice"] = _("Choose questions of this tender.")


class BidPlanForm(GovukForm, forms.Form):
    """How the consortium bids: liability, internal deadlines, the pay floor."""

    liability = forms.ChoiceField(
        label=_("Liability"), choices=JointBid.Liability.choices, widget=forms.RadioSelect
    )
    answers_due = datetime_field(_("Answers due (internal)"))
    prices_due = datetime_field(_("Prices due (internal)"))
    signoff_due = datetime_field(_("Sign-off due (internal)"))
    pay_floor = pounds_field(
        _("Lowest hourly pay, in pounds"),
        required=True,
        help_text=_(
            "No member co-op's pay line may be below this (for example the Real Living Wage)."
        ),
    )

    def __init__(self, *args: Any, bid: JointBid | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["liability"].initial = (
            bid.liability if bid else JointBid.Liability.JOINT_AND_SEVERAL
        )
        self.fields["pay_floor"].initial = (
            Decimal(bid.pay_floor_pence) / 100 if bid else Decimal("13.45")
        )
        if bid is not None:
            for name in ("answers_due", "prices_due", "signoff_due"):
                self.fields[name].initial = getattr(bid, name)
