from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import ENGAGEMENT_HELP, Membership, Theme
from terreau.core.forms import FormattedTextarea, ModelMultipleChoiceField

from .models import CALL_VISIBILITY, Call
from .services import Question

HONEYPOT = "website"


class CallForm(forms.ModelForm):
    mark_required_fields = True  # includes/field.html marks them with *

    class Meta:
        model = Call
        fields = ["title", "text", "closes_on", "visibility"]
        widgets = {
            "text": FormattedTextarea(attrs={"rows": 10}),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
        }
        help_texts = {"text": _("Who you are looking for, why, and what joining means.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = CALL_VISIBILITY
        self.fields["visibility"].label = _("Who may open the call")


class QuestionForm(forms.Form):
    mark_required_fields = True
    text = forms.CharField(label=_("Question"), required=False, max_length=500)
    required = forms.BooleanField(label=_("An answer is required"), required=False)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=3, max_num=20, absolute_max=30, validate_max=True)


def question_formset(data=None, call: Call | None = None):
    initial = [{"text": q.text, "required": q.required} for q in call.questions.all()] if call else []
    return QuestionFormSet(data, initial=initial, prefix="questions")


def questions_from(formset) -> list[Question]:
    """The questions typed, in order; an emptied row removes its question."""
    return [
        Question(text=form.cleaned_data["text"], required=form.cleaned_data.get("required", False))
        for form in formset.forms
        if form.cleaned_data.get("text", "").strip()
    ]


class ApplicationForm(forms.Form):
    """The public answer to a call; it works with a plain POST, no JavaScript."""

    mark_required_fields = True  # the page says what * means

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email address"), help_text=_("We send you a confirmation, and the core team answers you there.")
    )
    organisation = forms.CharField(label=_("Your organisation (optional)"), required=False, max_length=200)
    motivation = forms.CharField(
        label=_("Why do you want to take part?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    engagement = forms.ChoiceField(
        label=_("How would you like to take part?"), choices=Membership.Engagement.choices, widget=forms.RadioSelect
    )
    # Hidden from people and assistive technology; software that fills every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["engagement"].choices = [
            (value, f"{label} — {ENGAGEMENT_HELP[value]}") for value, label in Membership.Engagement.choices
        ]
        themes = list(call.community.themes.all())
        if themes:
            self.fields["themes"] = ModelMultipleChoiceField(
                label=_("Themes that interest you"),
                required=False,
                queryset=Theme.objects.filter(community_id=call.community_id),
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes]  # one query, not two
        # What an applicant writes stays theirs: it never adds a theme to the community.
        self.fields["other_themes"] = forms.CharField(
            label=_("Other themes that interest you") if themes else _("Themes that interest you"),
            required=False,
            max_length=600,
            help_text=_("Separate themes with commas."),
        )
        for question in call.questions.all():
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Please answer this question.")},
            )
        # The trap last, after every field a person fills.
        self.fields[HONEYPOT] = self.fields.pop(HONEYPOT)

    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def visible_fields_for_people(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT]

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}", "") for question in self.call.questions.all()
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline"), ("contact", "contact")])
    note = forms.CharField(label=_("Note for the core team (optional)"), required=False, max_length=2000)
