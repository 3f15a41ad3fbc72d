from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import ModelChoiceField

from . import actions

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False)
    person: forms.ModelChoiceField = ModelChoiceField(
        label=_("Person"), required=False, queryset=None, empty_label=_("Everyone")
    )
    since = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Every change"))] + actions.choices()
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return self.cleaned_data

    def filters(self) -> dict:
        """The filters that are valid; a field with an error filters nothing (its error shows)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}
