from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
