"""Forms of a bid's life: go/no-go, the co-ops taking part and their approvals, the lead,
state changes, sign-off, social value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.limits import length_error_messages
from membership.models import Member, Organisation
from tendering import rules
from tendering.forms._fields import datetime_field, hours_field
from tendering.models import BidParticipant, JointBid, Lot
from voting.models import Ballot


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.status != Member.Status.ACTIVE:
            return f"{obj.name} ({obj.get_status_display().lower()})"
        return str(obj.name)


class LotsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ConfirmForm(GovukForm, forms.Form):
    """A button with nothing to fill in."""


class ReasonForm(GovukForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=rules.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason.")},
    )


class TransitionForm(GovukForm, forms.Form):
    to = forms.ChoiceField(choices=JointBid.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False,
        max_length=rules.MAX_NOTE,
        error_messages=length_error_messages(_("The reason"), rules.MAX_NOTE),
    )


class GoDecisionForm(GovukForm, forms.Form):
    go = forms.TypedChoiceField(
        label=_("Decision"),
        choices=(("go", _("Go: the consortium bids")), ("no_go", _("No-go: it does not bid"))),
        coerce=lambda v: v == "go",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose go or no-go.")},
    )
    reference = forms.CharField(
        label=_("Board minute reference"),
        max_length=200,
        error_messages={"required": _("Give the board minute reference.")},
    )
    decided_on = forms.DateField(label=_("Decided on"))


class GoBallotForm(GovukForm, forms.Form):
    closes_at = datetime_field(
        _("Ballot closes at"), help_text=_("UK time. Leave empty to close it by hand.")
    )


def consortium_members(consortium: Organisation) -> QuerySet[Member]:
    """The consortium's member co-ops (organisation members), ceased ones last."""
    return Member.objects.filter(organisation=consortium, kind=Member.Kind.ORGANISATION).order_by(
        "status", "name"
    )


class InviteForm(GovukForm, forms.Form):
    member = MemberField(
        label=_("Member co-op"),
        queryset=Member.objects.none(),
        empty_label=_("Choose a member co-op"),
        error_messages={
            "required": _("Choose the member co-op to invite."),
            "invalid_choice": _("Choose a member co-op of the consortium."),
        },
    )

    def __init__(self, *args: Any, bid: JointBid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = consortium_members(bid.consortium).exclude(
            pk__in=bid.participants.values("member_id")
        )


class ApprovalForm(GovukForm, forms.Form):
    approval_kind = forms.ChoiceField(
        label=_("Approved by"),
        choices=BidParticipant.Approval.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the board or a member ballot approved.")},
    )
    approval_ballot = forms.ModelChoiceField(
        label=_("The co-op's ballot that approved"),
        queryset=Ballot.objects.none(),
        required=False,
        empty_label=_("No ballot: a board resolution"),
        help_text=_(
            "Where the co-op's members decided: one of the co-op's own ballots, closed, whose "
            "result carried."
        ),
        error_messages={"invalid_choice": _("Choose one of the co-op's own closed ballots.")},
    )
    reference = forms.CharField(
        label=_("Resolution or ballot reference"),
        max_length=200,
        required=False,
        help_text=_("For a ballot, leave empty to cite the ballot chosen above."),
    )
    approved_on = forms.DateField(label=_("Approved on"))
    expires_on = forms.DateField(
        label=_("Approval expires on"),
        required=False,
        help_text=_("Leave empty if the approval does not expire."),
    )
    allowed_lots = LotsField(
        label=_("Lots approved"),
        queryset=Lot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the co-op approved every lot."),
    )
    max_hours_per_week = hours_field(
        _("Most hours a week approved"),
        required=False,
        help_text=_("Leave empty if the approval sets no limit."),
    )
    conditions = forms.CharField(
        label=_("Other conditions"),
        required=False,
        max_length=rules.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, bid: JointBid, ballots: QuerySet[Ballot] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["allowed_lots"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = bid.opportunity.lots.order_by("number")
        field.error_messages["invalid_choice"] = _("Choose lots of this tender.")
        ballot = self.fields["approval_ballot"]
        assert isinstance(ballot, forms.ModelChoiceField)
        if ballots is None:
            del self.fields["approval_ballot"]
        else:
            ballot.queryset = ballots


class DelegationForm(GovukForm, forms.Form):
    reference = forms.CharField(
        label=_("Reference of the written delegation"),
        max_length=200,
        help_text=_("The board minute or the letter by which the co-op delegates it."),
        error_messages={
            "required": _(
                "Give the reference of the written delegation (a board minute or a letter)."
            )
        },
    )
    dated_on = forms.DateField(label=_("Dated"))


class AuthoriseForm(GovukForm, forms.Form):
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        help_text=_("Who signed the co-op's written authorisation of the lead."),
        error_messages={"required": _("Who signed the authorisation?")},
    )
    signed_on = forms.DateField(label=_("Dated"))


class LeadForm(GovukForm, forms.Form):
    member = MemberField(
        label=_("Lead member co-op"),
        queryset=Member.objects.none(),
        empty_label=_("Choose the lead"),
        error_messages={
            "required": _("Choose the lead."),
            "invalid_choice": _("The lead must be one of the participating co-ops."),
        },
    )

    def __init__(self, *args: Any, bid: JointBid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = consortium_members(bid.consortium).filter(
            pk__in=bid.participants.values("member_id")
        )
        field.initial = bid.lead_id


class SocialValueForm(GovukForm, forms.Form):
    stated_on = forms.DateField(
        label=_("Registers as at"),
        help_text=_("The figures are drawn from each co-op's register as it stood on this date."),
    )
