"""Ids the database cannot hold are an invalid choice, in every form of the project."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms

import terreau
from terreau.communities.forms import RoleAssignForm
from terreau.core import forms as core_forms
from terreau.launch.forms import ActionForm

TOO_LARGE = "99999999999999999999"  # past 64 bits: SQLite raises OverflowError on it


def project_form_classes():
    for module_info in pkgutil.walk_packages(terreau.__path__, "terreau."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for form_class in vars(module).values():
                if (
                    inspect.isclass(form_class)
                    and issubclass(form_class, forms.BaseForm)
                    and form_class.__module__ == module.__name__
                ):
                    yield form_class


def test_every_relation_field_of_the_project_refuses_ids_out_of_range():
    plain = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in project_form_classes()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, core_forms.ModelChoiceField | core_forms.ModelMultipleChoiceField)
    ]
    assert not plain, f"Use terreau.core.forms' fields (or Meta.formfield_callback = relation_formfield) for: {plain}"


def test_no_form_builds_django_relation_fields_directly():
    """Fields made in a form's __init__ escape the check above; the source says whether any is."""
    root = Path(terreau.__file__).parent
    pattern = re.compile(r"\bforms\.Model(Multiple)?ChoiceField\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path != root / "core" / "forms.py" and "tests" not in path.parts and pattern.search(path.read_text())
    ]
    assert not offenders


@pytest.mark.django_db
def test_a_many_to_many_choice_out_of_range_is_invalid_not_a_crash(cast):
    form = ActionForm(
        {"title": "Cartographier", "status": "todo", "visibility": "members", "owners": [TOO_LARGE]},
        community=cast.community,
    )
    assert not form.is_valid()
    assert form.has_error("owners", code="invalid_choice")


@pytest.mark.django_db
@pytest.mark.parametrize("value", [TOO_LARGE, "-" + TOO_LARGE, "1\x00", "abc", "1.5"])
def test_a_choice_that_cannot_be_an_id_is_invalid(cast, value):
    form = RoleAssignForm({"role": value, "membership": value}, community=cast.community)
    assert not form.is_valid()
    assert form.has_error("role", code="invalid_choice")
    assert form.has_error("membership", code="invalid_choice")


@pytest.mark.django_db
def test_a_real_id_is_still_chosen(cast):
    membership = cast.membership(cast.member)
    form = ActionForm(
        {"title": "Cartographier", "status": "todo", "visibility": "members", "owners": [str(membership.pk)]},
        community=cast.community,
    )
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["owners"]) == [membership]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 12 ", 12), (TOO_LARGE, None), ("9223372036854775807", 9223372036854775807), ("-1", None)]
    + [("١٢", None), ("²", None), ("1e3", None), ("", None), ("1\x00", None), (None, None), ("9" * 5000, None)],
)
def test_object_id_reads_only_ids_a_row_may_have(value, expected):
    assert core_forms.object_id(value) == expected
