from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Theme
from terreau.core.forms import FormattedTextarea, ModelChoiceField, relation_formfield

from .models import ANSWER_MAX, Idea
from .selectors import SORTS


class IdeaForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Idea
        formfield_callback = relation_formfield
        fields = ["title", "text", "theme", "visibility"]
        widgets = {"text": FormattedTextarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}
        labels = {"visibility": _("Who may read it")}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(community=community)
        self.fields["theme"].empty_label = _("No theme")
        self.fields["theme"].help_text = _("Optional.")
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(value, label) for value, label in Idea.Status.choices if value != Idea.Status.OPEN],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("A word for the proposer and the supporters"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, and what happens next. It is shown on the idea and sent to them."),
    )


class IdeaFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("ideas filter", "Answer"),
        required=False,
        choices=[("", pgettext_lazy("ideas filter", "All"))] + list(Idea.Status.choices),
    )
    theme = ModelChoiceField(label=_("Theme"), required=False, queryset=Theme.objects.none())
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("supported", _("Most supported first"))],
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(community=community)
        self.fields["theme"].empty_label = pgettext_lazy("ideas filter", "All")

    def values(self) -> dict:
        if not self.is_valid():
            return {"status": "", "theme": None, "sort": "newest"}
        sort = self.cleaned_data["sort"] or "newest"
        return {
            "status": self.cleaned_data["status"],
            "theme": self.cleaned_data["theme"],
            "sort": sort if sort in SORTS else "newest",
        }
