from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class FormRenderer(DjangoTemplates):
    """Every form and field in the project's markup: `{{ form }}`, `{{ field.as_field_group }}`."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
