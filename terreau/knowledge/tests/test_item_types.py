"""The item types' schema is a module of its own: the writes and reads do not depend on the forms."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from terreau.knowledge import item_types

KNOWLEDGE = Path(item_types.__file__).parent


def _imported_modules(module: str) -> set[str]:
    tree = ast.parse((KNOWLEDGE / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
            found.update("." * node.level + alias.name for alias in node.names if not node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", ["services", "search", "exports", "selectors", "demo"])
def test_services_and_selectors_do_not_import_the_forms(module):
    imported = _imported_modules(module)
    assert ".forms" not in imported
    assert "terreau.knowledge.forms" not in imported


def test_the_schema_depends_on_no_model_nor_form_of_the_knowledge_base():
    imported = _imported_modules("item_types")
    assert not {".models", ".forms", ".views", ".services"} & imported


def test_every_type_has_its_template_and_labels():
    for item_type in item_types.ItemType.values:
        labels = item_types.field_labels(item_type)
        assert [name for name, _label, _md in labels] == list(item_types.FIELD_FORMS[item_type].base_fields)


def test_clean_fields_validates_with_the_types_template():
    with pytest.raises(ValidationError) as refused:
        item_types.clean_fields(item_types.ItemType.WATCH_ITEM, {"link": "not a link", "source": "", "digest": ""})
    assert {"link", "source", "digest"} <= set(refused.value.message_dict)
    cleaned = item_types.clean_fields(
        item_types.ItemType.EXCHANGE_MEMO,
        {"held_on": "2025-03-04", "participants": "Anne", "learned": "Un marché", "follow_ups": None},
    )
    assert cleaned == {"held_on": "2025-03-04", "participants": "Anne", "learned": "Un marché", "follow_ups": ""}
