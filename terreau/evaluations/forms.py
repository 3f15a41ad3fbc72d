from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.forms import MemberPickers
from terreau.communities.models import Community, Membership
from terreau.core.forms import FormattedTextarea, relation_formfield
from terreau.core.models import Visibility

from .models import Evaluation, Interview, RenewalItem
from .selectors import members_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _name(membership: Membership) -> str:
    return str(membership.user)


class _MembersForm(MemberPickers, forms.ModelForm):
    member_fields: dict = {}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        for name, (label, empty) in self.member_fields.items():
            field = self.fields[name]
            field.queryset = members_choices(community)
            field.label_from_instance = _name
            self.use_member_picker(name, community, label=label, empty_label=empty)


class InterviewForm(_MembersForm):
    member_fields = {
        "interviewee": (_("Find a member"), _("Not a member: name them below")),
        "interviewer": (_("Another member"), _("Not said")),
    }

    class Meta:
        model = Interview
        formfield_callback = relation_formfield
        fields = ["interviewee", "interviewee_name", "interviewer", "held_on", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": FormattedTextarea(attrs={"rows": 5})}
        help_texts = {"notes": ""}


class RenewalItemForm(_MembersForm):
    member_fields = {"owner": (_("Another member"), _("Nobody yet"))}

    class Meta:
        model = RenewalItem
        formfield_callback = relation_formfield
        fields = ["heading", "text", "owner", "due_date"]
        widgets = {"due_date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 3})}


RATING_WIDGET = forms.RadioSelect


class AssessmentForm(forms.ModelForm):
    # The version of the evaluation the form was opened at (see services.assessment_save).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evaluation
        fields = [
            "culture",
            "culture_rating",
            "processes",
            "processes_rating",
            "tools",
            "tools_rating",
            "needs",
            "needs_rating",
            "conclusion",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in ("culture", "processes", "tools", "needs")},
            **{f"{axis}_rating": RATING_WIDGET for axis in ("culture", "processes", "tools", "needs")},
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs["initial"] = {"version": instance.version, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for axis in ("culture", "processes", "tools", "needs"):
            field = self.fields[f"{axis}_rating"]
            field.label = _("Rating: %(axis)s") % {"axis": self.fields[axis].label}
            # Shown in a fieldset named by the axis (assessment_form.html).
            self.fields[axis].label = _("What the team sees")
            field.choices = [("", _("No rating"))] + [c for c in field.choices if c[0] != ""]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConcludeForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may read it once concluded"),
        choices=Visibility.choices,
        initial=Visibility.CORE_TEAM,
        widget=forms.RadioSelect,
        help_text=_("The core team always reads it. The interviews' notes stay with the core team."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
