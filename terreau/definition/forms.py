from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import FormattedTextarea, relation_formfield

from .csv_io import MAX_BYTES
from .models import (
    OBJECTIVE_HELP,
    CommunityDefinition,
    ExistingNetwork,
    ObjectiveKind,
    Stakeholder,
    StakeholderConversation,
)


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "organisation", "kind", "contact", "interest", "influence", "involve", "notes", "visibility"]
        widgets = {
            "interest": forms.RadioSelect,
            "influence": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }


class ConversationForm(forms.ModelForm):
    class Meta:
        model = StakeholderConversation
        formfield_callback = relation_formfield
        fields = ["held_on", "membership", "spoken_by", "challenges", "needs", "expectations"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "challenges": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "expectations": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "challenges": _("What they struggle with, in their own words."),
            "expectations": _("What they would expect from the community."),
        }

    def __init__(self, *args, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = speakers
        field.label_from_instance = lambda membership: membership.user.display_name
        field.empty_label = _("Someone else (write the name below)")
        self.fields["held_on"].initial = timezone.localdate


class StakeholderImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("At most 1 MB. The first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.txt"}),
    )
    max_size = MAX_BYTES


class DefinitionForm(forms.ModelForm):
    """The definition's texts; the objectives and networks have forms of their own on the same page."""

    class Meta:
        model = CommunityDefinition
        fields = [
            "why",
            "objectives_summary",
            "scope",
            "unique_value",
            "permanent_members",
            "guests",
            "not_members",
            "visibility",
        ]
        widgets = {
            "why": FormattedTextarea(attrs={"rows": 5}),
            "objectives_summary": FormattedTextarea(attrs={"rows": 3}),
            "scope": FormattedTextarea(attrs={"rows": 5}),
            "unique_value": FormattedTextarea(attrs={"rows": 4}),
            "permanent_members": forms.Textarea(attrs={"rows": 3}),
            "guests": forms.Textarea(attrs={"rows": 3}),
            "not_members": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }


class ObjectivesForm(forms.Form):
    """For each of the guide's four kinds: pursue it or not, and its goals."""

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {objective.kind: objective.goals for objective in objectives}
        for kind in ObjectiveKind:
            self.fields[f"{kind}_chosen"] = forms.BooleanField(
                label=_("We pursue this objective"), required=False, initial=kind in current
            )
            self.fields[f"{kind}_goals"] = forms.CharField(
                label=_("Its goals"),
                required=False,
                max_length=10000,
                initial=current.get(kind, ""),
                widget=FormattedTextarea(attrs={"rows": 5}),
            )

    def kinds(self):
        """Each kind with its label, the guide's description and its two fields, for the template."""
        return [
            {
                "kind": kind,
                "label": kind.label,
                "help": OBJECTIVE_HELP[kind],
                "chosen": self[f"{kind}_chosen"],
                "goals": self[f"{kind}_goals"],
            }
            for kind in ObjectiveKind
        ]

    def clean(self):
        data = super().clean()
        for kind in ObjectiveKind:
            chosen, goals = data.get(f"{kind}_chosen"), (data.get(f"{kind}_goals") or "").strip()
            if chosen and not goals:
                self.add_error(f"{kind}_goals", _("Write the goals of this objective, or untick it."))
            elif goals and not chosen:
                # Keep the text rather than drop it silently: the person decides.
                self.add_error(f"{kind}_chosen", _("Tick this objective to keep its goals, or clear them."))
        return data

    def objectives(self) -> dict[str, str]:
        return {
            kind.value: self.cleaned_data[f"{kind}_goals"].strip()
            for kind in ObjectiveKind
            if self.cleaned_data[f"{kind}_chosen"]
        }


class NetworkForm(forms.ModelForm):
    class Meta:
        model = ExistingNetwork
        fields = ["name", "url", "relation", "brings"]
        widgets = {"relation": forms.Textarea(attrs={"rows": 2}), "brings": forms.Textarea(attrs={"rows": 2})}


class BaseNetworkFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this network")


NetworkFormSet = forms.modelformset_factory(
    ExistingNetwork, form=NetworkForm, formset=BaseNetworkFormSet, extra=2, can_delete=True
)
