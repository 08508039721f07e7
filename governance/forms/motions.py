"""Forms of motions, amendments, proxies and confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from governance import limits
from governance.forms import limited_text
from governance.models import Meeting, MeetingProxy, Motion
from membership.models import ResolutionType


class MotionForm(GovukForm, forms.Form):
    title = limited_text(
        limits.TITLE,
        _("The short title"),
        label=_("Short title"),
        error_messages={"required": _("Give the motion a short title.")},
    )
    text = limited_text(
        limits.MOTION_TEXT,
        _("The motion"),
        label=_("The motion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the meeting is asked to resolve, for example “That the co-operative …”."),
        error_messages={"required": _("Write the motion.")},
    )
    supporting_statement = limited_text(
        limits.STATEMENT,
        _("The supporting statement"),
        label=_("Supporting statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why members should vote for it. It goes out with the notice."),
    )
    resolution_type = forms.ChoiceField(
        label=_("Type of resolution"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of resolution.")},
        help_text=_("From the rules: the share of the votes it needs to pass."),
    )
    title_cy = limited_text(
        limits.TITLE, _("The short title in Welsh"), label=_("Short title in Welsh"), required=False
    )
    text_cy = limited_text(
        limits.MOTION_TEXT,
        _("The motion in Welsh"),
        label=_("The motion in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    supporting_statement_cy = limited_text(
        limits.STATEMENT,
        _("The supporting statement in Welsh"),
        label=_("Supporting statement in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(
        self, *args: Any, resolution_types: Iterable[ResolutionType], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resolution_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.code, t.display_name) for t in resolution_types]
        field.initial = "ordinary"


class AdmissibilityForm(GovukForm, forms.Form):
    admissible = forms.TypedChoiceField(
        label=_("Is the motion admissible?"),
        choices=[("yes", _("Yes: it goes on the agenda")), ("no", _("No: it is not admissible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the motion is admissible.")},
    )
    reason = limited_text(
        limits.REASON,
        _("The board's reason"),
        label=_("The board's reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Record the board's reason.")},
    )


class AmendmentForm(GovukForm, forms.Form):
    summary = limited_text(
        limits.SUMMARY,
        _("What it changes"),
        label=_("What it changes"),
        required=False,
        help_text=_("In a few words, for example “from April rather than at once”."),
    )
    text = limited_text(
        limits.MOTION_TEXT,
        _("The motion as amended"),
        label=_("The motion as it would read if amended"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Change the motion's text below; the changes are marked for members."),
        error_messages={"required": _("Write the motion as it would read if amended.")},
    )
    text_cy = limited_text(
        limits.MOTION_TEXT,
        _("The motion as amended, in Welsh"),
        label=_("The motion as amended, in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ChairCastingVoteField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("The chair's casting vote"),
            choices=[("for", _("For")), ("against", _("Against"))],
            widget=forms.RadioSelect,
            required=False,
            help_text=_("Only if the votes are tied and the rules give the chair a casting vote."),
            **kwargs,
        )


class VoteForm(GovukForm, forms.Form):
    """Take the vote now; the casting vote is asked for only when the votes are tied."""

    casting_vote = ChairCastingVoteField()

    def __init__(self, *args: Any, ask_casting_vote: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_casting_vote:
            self.fields["casting_vote"].widget = forms.HiddenInput()


class HandsForm(GovukForm, forms.Form):
    """Hands for, against and abstaining among those present who have not voted."""

    count_for = forms.IntegerField(
        label=_("Hands for"),
        min_value=0,
        initial=0,
        error_messages={"required": _("Enter the number of hands for (0 or more).")},
    )
    count_against = forms.IntegerField(
        label=_("Hands against"),
        min_value=0,
        initial=0,
        error_messages={"required": _("Enter the number of hands against (0 or more).")},
    )
    count_abstain = forms.IntegerField(
        label=_("Abstaining"),
        min_value=0,
        initial=0,
        error_messages={"required": _("Enter the number abstaining (0 or more).")},
    )
    casting_vote = ChairCastingVoteField()

    def __init__(self, *args: Any, ask_casting_vote: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_casting_vote:
            self.fields["casting_vote"].widget = forms.HiddenInput()
        for name in ("count_for", "count_against", "count_abstain"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}
            )

    @property
    def counts(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            "for": data["count_for"],
            "against": data["count_against"],
            "abstain": data["count_abstain"],
        }


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Meeting)
        return f"{obj.display_title} ({date_format(timezone.localtime(obj.starts_at))})"


class MeetingChoiceForm(GovukForm, forms.Form):
    meeting = MeetingChoice(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the meeting.")},
    )

    def __init__(
        self, *args: Any, meetings: Any, label: Any = None, help_text: Any = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings
        if label:
            field.label = label
        field.help_text = help_text


class ProxyForm(GovukForm, forms.Form):
    """A member appoints a proxy for a meeting: a member by number, or the chair."""

    holder_number = forms.IntegerField(
        label=_("Your proxy's member number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to appoint the chair of the meeting."),
    )
    kind = forms.ChoiceField(
        label=_("How your proxy votes"),
        choices=MeetingProxy.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how your proxy votes.")},
    )

    def __init__(self, *args: Any, motions: Iterable[Motion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.motions = list(motions)
        for motion in self.motions:
            self.fields[f"direction_{motion.pk}"] = forms.ChoiceField(
                label=gettext("%(title)s: how your proxy votes") % {"title": motion.display_title},
                choices=[
                    ("", gettext("At the proxy's discretion")),
                    ("for", gettext("For")),
                    ("against", gettext("Against")),
                    ("abstain", gettext("Abstain")),
                ],
                required=False,
                help_text=gettext("For a directed proxy."),
            )

    @property
    def directions(self) -> dict[str, str]:
        return {
            str(motion.pk): self.cleaned_data[f"direction_{motion.pk}"]
            for motion in self.motions
            if self.cleaned_data.get(f"direction_{motion.pk}")
        }
