from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.archive.models import Scope
from terreau.core.forms import FormattedTextarea

from .models import Recipient, Recognition

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecognitionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recognition
        fields = ["title", "text", "visibility"]
        widgets = {"text": FormattedTextarea(attrs={"rows": 24}), "visibility": forms.RadioSelect}
        labels = {"visibility": _("Who may read it once published")}
        help_texts = {
            "text": _("Markdown: each part under a heading “## …”. Say thank you in your own words."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class RecipientForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = ["organisation", "contact_name", "email", "why"]
        widgets = {"why": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"email": _("The link to the archive is sent to this address.")}


class GiveForm(forms.Form):
    access = forms.ChoiceField(label=_("What to give"), choices=Recipient.Access.choices, widget=forms.RadioSelect)
    scope = forms.ChoiceField(
        label=_("Which archive"),
        choices=Scope.choices,
        initial=Scope.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("The public archive unless you choose otherwise: the members' one holds what only members see."),
    )
    expires_on = forms.DateField(
        label=_("The link works until"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("In 90 days if left empty. You can take it back before."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return value


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm: the community becomes read-only for everyone, and its members are told where its archive is."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you close the community.")},
    )
