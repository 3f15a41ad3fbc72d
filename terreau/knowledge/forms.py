"""Forms of the knowledge base: one form of fields per type of information (the guide's templates).

An item's form is the common part (title, entry points, visibility) plus its type's fields form;
the type's fields form also validates the `fields` a service is given, whoever calls it.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Community, Membership
from terreau.core.forms import ModelChoiceField, ModelMultipleChoiceField, relation_formfield

from .models import ATTACHMENT_MAX_BYTES, ActivityTag, ContributorInterview, Handover, ItemType, Theme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, help_text="", required=True, rows=4, max_length=8000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


MARKDOWN_HELP = _("Markdown: *italic*, **bold**, lists starting with - or 1.")


class FieldsForm(forms.Form):
    """The fields of one type; `markdown_fields` are shown as Markdown, the others as plain values."""

    markdown_fields: tuple[str, ...] = ()

    def values(self) -> dict:
        """What goes into `KnowledgeItem.fields`: JSON-ready (dates as ISO strings)."""
        values = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            values[name] = value if value is not None else ""
        return values


class GoodPracticeFields(FieldsForm):
    STANDINGS = [
        ("idea", _("Good idea: it makes sense, its effects are not shown yet")),
        ("proven", _("Proven practice: its results are shown")),
    ]
    for_whom = _text(_("For whom"), _("Who this practice is for."), rows=2)
    why = _text(_("Why"), _("Which issue it addresses."))
    key_benefits = _text(_("Key benefits"), MARKDOWN_HELP)
    in_practice = _text(_("In practice"), _("How it works, step by step."), rows=8)
    points_of_attention = _text(_("Points of attention and lessons learned"), MARKDOWN_HELP, required=False)
    standing = forms.ChoiceField(label=_("Standing"), choices=STANDINGS, widget=forms.RadioSelect, initial="idea")
    evidence = _text(_("Evidence"), _("For a proven practice: the results and how they were shown."), required=False)
    contact_name = forms.CharField(
        label=_("Contact person's name"),
        required=False,
        max_length=120,
        help_text=_("When the contact person is not a member of the community."),
    )
    contact_email = forms.EmailField(label=_("Contact person's email"), required=False)
    markdown_fields = ("for_whom", "why", "key_benefits", "in_practice", "points_of_attention", "evidence")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("standing") == "proven" and not (cleaned.get("evidence") or "").strip():
            self.add_error("evidence", _("A proven practice shows its evidence: describe the results."))
        return cleaned


class LessonsLearnedFields(FieldsForm):
    project = forms.CharField(label=_("Project"), max_length=200)
    what_worked = _text(_("What worked, and what made it work"), MARKDOWN_HELP, rows=6)
    what_worked_less = _text(_("What worked less, and why"), MARKDOWN_HELP, rows=6)
    do_differently = _text(_("What the team would do differently"), MARKDOWN_HELP, rows=5)
    top_points = _text(
        _("The 10 most important points"), _("One point per line, the most important first (10 at most)."), rows=10
    )
    contacts = _text(_("Key people, organisations and networks to contact"), MARKDOWN_HELP, required=False, rows=4)
    markdown_fields = ("what_worked", "what_worked_less", "do_differently", "contacts")

    def clean_top_points(self):
        points = [line.strip(" -*\t") for line in self.cleaned_data["top_points"].splitlines() if line.strip(" -*\t")]
        if len(points) > 10:
            raise forms.ValidationError(
                _("Keep the 10 most important points (%(count)s given).") % {"count": len(points)}
            )
        return "\n".join(points)


class ExchangeMemoFields(FieldsForm):
    held_on = forms.DateField(label=_("Date of the exchange"), widget=DATE_WIDGET)
    participants = _text(_("Participants"), rows=2, max_length=2000)
    learned = _text(_("What was learned"), MARKDOWN_HELP, rows=8)
    follow_ups = _text(_("Follow-ups"), _("Who does what next."), required=False)
    markdown_fields = ("learned", "follow_ups")


class WatchItemFields(FieldsForm):
    link = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("The publisher, the site or the author."))
    published_on = forms.DateField(label=_("Date of the source"), required=False, widget=DATE_WIDGET)
    digest = _text(_("Digest"), _("What it says and why it matters to the community."), rows=6)
    markdown_fields = ("digest",)


class DocumentFields(FieldsForm):
    summary = _text(_("Summary"), _("What the document holds and who it is useful to."), rows=5)
    markdown_fields = ("summary",)


class ArticleFields(FieldsForm):
    pass


FIELD_FORMS: dict[str, type[FieldsForm]] = {
    ItemType.GOOD_PRACTICE: GoodPracticeFields,
    ItemType.LESSONS_LEARNED: LessonsLearnedFields,
    ItemType.EXCHANGE_MEMO: ExchangeMemoFields,
    ItemType.WATCH_ITEM: WatchItemFields,
    ItemType.DOCUMENT: DocumentFields,
    ItemType.ARTICLE: ArticleFields,
}


def field_labels(item_type: str) -> list[tuple[str, str, bool]]:
    """(name, label, is Markdown) of a type's fields, in the template's order."""
    form_class = FIELD_FORMS[item_type]
    return [
        (name, str(field.label), name in form_class.markdown_fields) for name, field in form_class.base_fields.items()
    ]


def _members(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


class ItemForm(forms.Form):
    """What every item has: title, the entry points, visibility; `base_version` detects conflicts."""

    title = forms.CharField(label=_("Title"), max_length=200)
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    activity = ModelChoiceField(
        label=_("Community activity"),
        queryset=ActivityTag.objects.none(),
        required=False,
        empty_label=_("The community as a whole"),
        help_text=_("The working group, event or project the item comes from."),
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), widget=forms.RadioSelect)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, community: Community, item_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        from terreau.core.models import Visibility

        self.fields["visibility"].choices = Visibility.choices
        self.fields["visibility"].initial = Visibility.MEMBERS
        self.fields["themes"].queryset = Theme.objects.filter(community=community)
        self.fields["activity"].queryset = ActivityTag.objects.filter(community=community)
        if item_type == ItemType.GOOD_PRACTICE:
            contact = ModelChoiceField(
                label=_("Contact person"),
                queryset=_members(community),
                required=False,
                empty_label=_("Not a member (name and email below)"),
            )
            contact.label_from_instance = lambda membership: str(membership.user)
            self.fields["contact"] = contact
        if item_type == ItemType.ARTICLE:
            self.fields["body"] = _text(_("Text"), MARKDOWN_HELP, rows=16, max_length=100_000)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, office document (OpenDocument or Microsoft Office) or image (PNG, JPEG, GIF); 10 MB at most."
        ),
    )
    summary = _text(_("Summary of the file"), _("Found by the search."), required=False, rows=3, max_length=4000)
    visibility = forms.ChoiceField(label=_("Who may download it"), widget=forms.RadioSelect)

    def __init__(self, *args, file_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        from terreau.core.models import Visibility

        self.fields["visibility"].choices = Visibility.choices
        self.fields["visibility"].initial = Visibility.MEMBERS
        self.fields["file"].required = file_required

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class DocumentFileForm(UploadForm):
    """The file of a new document item: its visibility is the item's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["visibility"]
        del self.fields["summary"]


class FilterForm(forms.Form):
    """The entry points and the search words of the knowledge home (GET: each list has its own URL)."""

    q = forms.CharField(label=_("Search the knowledge base"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type of information"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    activity = forms.TypedChoiceField(label=_("Community activity"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, themes, activities, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + list(ItemType.choices)
        self.fields["theme"].choices = [("", _("All themes"))] + [(theme.pk, theme.name) for theme in themes]
        self.fields["activity"].choices = [("", _("All activities"))] + [(a.pk, a.name) for a in activities]
        self.fields["status"].choices = [("", _("Published"))] + statuses

    def values(self) -> dict:
        if not self.is_valid():
            return {"q": "", "type": "", "theme": None, "activity": None, "status": ""}
        return dict(self.cleaned_data)


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name"]
        labels = {"name": _("New theme")}


class ActivityTagForm(forms.ModelForm):
    class Meta:
        model = ActivityTag
        fields = ["name", "kind"]
        labels = {"name": _("New activity")}


class InterviewForm(forms.ModelForm):
    class Meta:
        model = ContributorInterview
        formfield_callback = relation_formfield
        fields = [
            "interviewee",
            "interviewee_name",
            "interviewer",
            "held_on",
            "questions_answers",
            "items",
            "visibility",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "questions_answers": forms.Textarea(attrs={"rows": 14}),
            "items": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, community: Community, items, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("interviewee", "interviewer"):
            self.fields[name].queryset = _members(community)
            self.fields[name].label_from_instance = lambda membership: str(membership.user)
        self.fields["items"].queryset = items

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("interviewee") and not (cleaned.get("interviewee_name") or "").strip():
            self.add_error("interviewee_name", _("Choose the member interviewed, or give their name."))
        return cleaned


class HandoverForm(forms.ModelForm):
    class Meta:
        model = Handover
        formfield_callback = relation_formfield
        fields = [
            "title",
            "held_on",
            "finishing_team",
            "starting_teams",
            "lessons",
            "questions",
            "answers",
            "visibility",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "finishing_team": forms.Textarea(attrs={"rows": 2}),
            "starting_teams": forms.Textarea(attrs={"rows": 2}),
            "questions": forms.Textarea(attrs={"rows": 8}),
            "answers": forms.Textarea(attrs={"rows": 10}),
            "lessons": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, community: Community, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lessons"].queryset = lessons
