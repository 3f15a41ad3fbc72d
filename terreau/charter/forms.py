from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import FormattedTextarea
from terreau.core.models import Visibility

from .models import QUESTIONS, Section
from .services import SECTION_MAX_LENGTH


class CharterForm(forms.Form):
    """One Markdown textarea per section, plus the version the writer started from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=200,
        help_text=_("A few words for the history, e.g. “Decision modes after the launch day”."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read the adopted charter"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Visitors read it only when the community is public. Drafts stay with the core team."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in Section:
            self.fields[section.value] = forms.CharField(
                label=section.label,
                required=False,
                max_length=SECTION_MAX_LENGTH,
                strip=False,
                help_text=QUESTIONS[section],
                widget=FormattedTextarea(attrs={"rows": self._rows(section.value)}),
            )

    def _rows(self, name: str) -> int:
        """A box tall enough for its text (within reason), so nobody edits through a slit."""
        text = (self.data.get(name) if self.is_bound else self.initial.get(name)) or ""
        return max(5, min(24, text.count("\n") + 2 + len(text) // 100))

    def section_fields(self):
        return [self[section.value] for section in Section]

    def sections(self) -> dict[str, str]:
        return {section.value: self.cleaned_data[section.value] for section in Section}


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Version %(number)s") % {"number": number}) for number in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", _("Choose two different versions."))
        return data
