"""Form helpers shared by every app.

Ids arrive from the browser as text, and nothing stops a person from sending
"99999999999999999999" or "1\x00": `ModelChoiceField`, `ModelMultipleChoiceField`
and `object_id` turn whatever cannot be the key of a row into an ordinary "not a
valid choice" (SQLite raises OverflowError on an integer past 64 bits, and
PostgreSQL refuses NUL in text, both as server errors).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection, models
from django.forms.renderers import DjangoTemplates

_ID = re.compile(r"[0-9]{1,19}")


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class FormattedTextarea(forms.Textarea):
    """A textarea whose text is shown formatted (Markdown), with a plain-words "Formatting" help
    folded under it: examples of what to type and what it gives, no jargon, no script."""

    template_name = "includes/formatted_textarea.html"


class FormRenderer(DjangoTemplates):
    """Every form and field in the project's markup: `{{ form }}`, `{{ field.as_field_group }}`."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


def object_id(value) -> int | None:
    """`value` (from a form or a query string) as the id of a row, or None when no row can have it."""
    text = str(value).strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    low, high = connection.ops.integer_field_range("BigAutoField")
    return number if low <= number <= high else None


def _is_key(queryset, to_field_name: str | None, value) -> bool:
    """Whether `value` could be stored in the key the field looks rows up by."""
    if isinstance(value, queryset.model):
        return True
    model_field = queryset.model._meta.get_field(to_field_name) if to_field_name else queryset.model._meta.pk
    try:
        ProhibitNullCharactersValidator()(value)
        # The column's own rules: an integer key checks the database's range.
        model_field.run_validators(model_field.to_python(value))
    except ValidationError:
        return False
    return True


class ModelChoiceField(forms.ModelChoiceField):
    """Django's field, answering "not a valid choice" to an id the database could not even store."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_key(self.queryset, self.to_field_name, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, answering "not a valid choice" to ids the database could not even store."""

    def clean(self, value):
        for item in value if isinstance(value, list | tuple) else ():
            if item not in self.empty_values and not _is_key(self.queryset, self.to_field_name, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super().clean(value)


def relation_formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    """`Meta.formfield_callback` of a ModelForm: its foreign keys and many-to-many get the fields above."""
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return model_field.formfield(**kwargs)
