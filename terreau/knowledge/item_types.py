"""The knowledge base's item types and the guide's templates: each type's fields, their labels,
which are Markdown, and how they are validated.

The schema of an item: the services validate `KnowledgeItem.fields` with it whoever calls them,
the exports and the item page read its labels, the item forms render it. It depends on no model
and no view, so that none of them depends on the forms module.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import FormattedTextarea


class ItemType(models.TextChoices):
    """The first entry point: the type of information."""

    GOOD_PRACTICE = "good_practice", _("Good practice")
    LESSONS_LEARNED = "lessons_learned", _("Lessons learned")
    EXCHANGE_MEMO = "exchange_memo", _("Exchange memo")
    WATCH_ITEM = "watch_item", _("Watch item")
    DOCUMENT = "document", _("Document")
    ARTICLE = "article", _("Article")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_field(label, help_text="", required=True, rows=4, max_length=8000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class FieldsForm(forms.Form):
    """The fields of one type; `markdown_fields` are shown as Markdown, the others as plain values."""

    markdown_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.markdown_fields:
            field = self.fields[name]
            field.widget = FormattedTextarea(attrs=field.widget.attrs)

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
    for_whom = text_field(_("For whom"), _("Who this practice is for."), rows=2)
    why = text_field(_("Why"), _("Which issue it addresses."))
    key_benefits = text_field(_("Key benefits"))
    in_practice = text_field(_("In practice"), _("How it works, step by step."), rows=8)
    points_of_attention = text_field(_("Points of attention and lessons learned"), required=False)
    standing = forms.ChoiceField(label=_("Standing"), choices=STANDINGS, widget=forms.RadioSelect, initial="idea")
    evidence = text_field(
        _("Evidence"), _("For a proven practice: the results and how they were shown."), required=False
    )
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
    what_worked = text_field(_("What worked, and what made it work"), rows=6)
    what_worked_less = text_field(_("What worked less, and why"), rows=6)
    do_differently = text_field(_("What the team would do differently"), rows=5)
    top_points = text_field(
        _("The 10 most important points"), _("One point per line, the most important first (10 at most)."), rows=10
    )
    contacts = text_field(_("Key people, organisations and networks to contact"), required=False, rows=4)
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
    participants = text_field(_("Participants"), rows=2, max_length=2000)
    learned = text_field(_("What was learned"), rows=8)
    follow_ups = text_field(_("Follow-ups"), _("Who does what next."), required=False)
    markdown_fields = ("learned", "follow_ups")


class WatchItemFields(FieldsForm):
    link = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("The publisher, the site or the author."))
    published_on = forms.DateField(label=_("Date of the source"), required=False, widget=DATE_WIDGET)
    digest = text_field(_("Digest"), _("What it says and why it matters to the community."), rows=6)
    markdown_fields = ("digest",)


class DocumentFields(FieldsForm):
    summary = text_field(_("Summary"), _("What the document holds and who it is useful to."), rows=5)
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


def text_field_names(item_type: str) -> set[str]:
    """The type's fields written in words: the search reads them, not a choice's code or a date."""
    form_class = FIELD_FORMS.get(item_type)
    if form_class is None:
        return set()
    return {
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField)
    }


def clean_fields(item_type: str, fields: dict) -> dict:
    """The type's fields, validated by the type's template: whatever the caller, `fields` stays well formed."""
    form = FIELD_FORMS[item_type](data={name: value for name, value in (fields or {}).items() if value is not None})
    if not form.is_valid():
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    return form.values()
