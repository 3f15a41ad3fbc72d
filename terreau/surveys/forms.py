"""The builder's forms (a survey's settings, a question) and the answer form built from a survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import relation_formfield

from . import survey_templates
from .models import Question as QuestionModel
from .models import QuestionKind, Survey

TEXT_MAX = 5000


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=2**31, **kwargs)


class GuideWording:
    """Shows a template's wording; left unchanged, the field stays empty so that it keeps
    following each reader's language (as the events' agenda items do)."""

    guide_fields: tuple[str, ...] = ()

    def guide_text(self, name: str) -> str:
        raise NotImplementedError

    def show_guide(self, instance) -> None:
        for name in self.guide_fields:
            if not getattr(instance, name) and self.guide_text(name):
                self.initial[name] = self.guide_text(name)

    def keep_guide(self, cleaned: dict, instance) -> None:
        for name in self.guide_fields:
            value = cleaned.get(name)
            guide = self.guide_text(name)
            if (
                isinstance(value, str)
                and guide
                and not getattr(instance, name)
                and value.strip().replace("\r\n", "\n") == guide.strip()
            ):
                cleaned[name] = ""
                setattr(instance, name, "")


class SurveyForm(GuideWording, forms.ModelForm):
    template = forms.ChoiceField(
        label=_("Start from"),
        required=False,
        choices=[("", _("An empty survey")), *survey_templates.choices()],
        help_text=_("The guide's surveys come with their questions, which you can change before opening."),
    )
    version = VersionField()
    guide_fields = ("title", "introduction")

    class Meta:
        model = Survey
        formfield_callback = relation_formfield
        fields = ["title", "introduction", "is_anonymous", "audience", "circle", "opens_on", "closes_on", "results_for"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "audience": forms.RadioSelect,
            "results_for": forms.RadioSelect,
        }

    def __init__(self, *args, community, circles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = circles
        self.fields["circle"].required = False
        self.fields["circle"].help_text = _("Only when the members of a circle answer.")
        if self.instance.pk:
            del self.fields["template"]
            self.initial["version"] = self.instance.version
        else:
            self.fields["title"].help_text = _("Left empty with a template: the guide's title.")
        self.show_guide(self.instance)

    def guide_text(self, name):
        template = self.instance.template
        return str(survey_templates.title(template) if name == "title" else survey_templates.introduction(template))

    def clean(self):
        cleaned = super().clean()
        self.keep_guide(cleaned, self.instance)
        if not self.instance.pk and not cleaned.get("title") and not cleaned.get("template"):
            self.add_error("title", _("Give the survey a title."))
        return cleaned


class RescheduleForm(forms.ModelForm):
    """An open survey's settings: its closing date and who sees its results."""

    version = VersionField()

    class Meta:
        model = Survey
        fields = ["closes_on", "results_for"]
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "results_for": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version


class QuestionForm(GuideWording, forms.ModelForm):
    version = VersionField()
    guide_fields = ("section", "text", "choices")

    class Meta:
        model = QuestionModel
        fields = ["section", "text", "kind", "scale", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 5}), "kind": forms.RadioSelect}
        help_texts = {"scale": _("For a scale from 1 to 5: the words of its ends.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.initial["version"] = self.instance.survey.version
        self.show_guide(self.instance)

    def guide_text(self, name):
        if not self.instance.guide_key:
            return ""
        return str(survey_templates.question_field(self.instance.guide_key, name))

    def clean(self):
        cleaned = super().clean()
        self.keep_guide(cleaned, self.instance)
        return cleaned


class AnswerForm(forms.Form):
    """One field per question, named by its id; `answers()` gives what the response stores."""

    name = forms.CharField(label=_("Your name"), max_length=200, required=False)

    def __init__(self, *args, questions, ask_name: bool = False, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if ask_name:
            self.fields["name"].required = True
            self.fields["name"].help_text = _(
                "This survey is named: the core team will see your name beside your answers."
            )
        else:
            del self.fields["name"]
        initial_answers = initial_answers or {}
        for question in questions:
            key = f"q{question.pk}"
            labels = question.choice_list
            common = {"label": question.display_text, "required": question.required}
            value = initial_answers.get(str(question.pk))
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX, **common)
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=list(enumerate(labels)), coerce=int, widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                start = 1 if question.kind == QuestionKind.LIKERT else 0
                field = forms.TypedChoiceField(
                    choices=[(number, label) for number, label in enumerate(labels, start=start)],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect(attrs={"class": "scale" if start else ""}),
                    **common,
                )
            field.question = question
            self.fields[key] = field
            if value not in (None, ""):
                self.initial[key] = value

    def answers(self) -> dict:
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            found[str(question.pk)] = value.strip() if isinstance(value, str) else value
        return found
