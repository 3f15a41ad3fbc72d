"""Every string meant for people reaches the catalogue: makemessages finds only what it can read.

The catalogue test (test_translations.py) compares the catalogue with what makemessages extracts,
so a string it never extracts passes it silently and shows in English to a French user. This scan
of the Python sources catches the ways a string escapes extraction:

- a gettext function imported under a name xgettext does not know (`gettext_lazy as _lazy`);
- a gettext call whose message is not a string literal (a variable, an f-string, a concatenation):
  xgettext reads source text, not values;
- a message for the messages framework written as a bare literal, never wrapped in gettext.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # terreau/

# The names makemessages extracts from (xgettext's Python defaults and the keywords Django adds),
# with the positions of their message arguments (the context of pgettext is a literal too).
KEYWORDS = {
    "_": (0,),
    "gettext": (0,),
    "gettext_lazy": (0,),
    "gettext_noop": (0,),
    "ngettext": (0, 1),
    "ngettext_lazy": (0, 1),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
TRANSLATION_MODULE = "django.utils.translation"
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}


def sources() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.relative_to(ROOT).parts
    )


def _is_literal(node: ast.AST) -> bool:
    # Adjacent literals ("a" "b") are one Constant in the tree, and xgettext joins them too.
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_bare_text(node: ast.AST) -> bool:
    """A literal or an f-string with words in it: text a person reads, left in the source language."""
    if isinstance(node, ast.JoinedStr):
        return any(_is_literal(part) and part.value.strip() for part in node.values)
    return _is_literal(node) and any(character.isalpha() for character in node.value)


class Scan(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        self.aliases: dict[str, str] = {}  # local name -> gettext function it stands for
        self.modules: set[str] = set()  # local names of django.utils.translation itself
        self.messages: set[str] = set()  # local names of django.contrib.messages

    def _problem(self, node: ast.AST, text: str) -> None:
        self.problems.append(f"{self.path.relative_to(ROOT.parent)}:{node.lineno}: {text}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            if node.module == TRANSLATION_MODULE and "gettext" in alias.name:
                self.aliases[local] = alias.name
                if local not in KEYWORDS:
                    self._problem(node, f"{alias.name} imported as {local}: makemessages does not read {local}()")
            elif node.module == "django.utils" and alias.name == "translation":
                self.modules.add(local)
            elif node.module == "django.contrib" and alias.name == "messages":
                self.messages.add(local)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == TRANSLATION_MODULE and alias.asname:
                self.modules.add(alias.asname)

    def _gettext_name(self, func: ast.AST) -> str | None:
        if isinstance(func, ast.Name) and func.id in self.aliases:
            return func.id
        if isinstance(func, ast.Name) and func.id == "_":
            return "_"
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in self.modules
            and "gettext" in func.attr
        ):
            return func.attr
        return None

    def visit_Call(self, node: ast.Call) -> None:
        name = self._gettext_name(node.func)
        if name is not None:
            for position in KEYWORDS.get(name, (0,)):
                if position < len(node.args) and not _is_literal(node.args[position]):
                    kind = "an f-string" if isinstance(node.args[position], ast.JoinedStr) else "not a literal"
                    self._problem(node, f"{name}() given {kind}: makemessages cannot extract it")
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.messages:
            position = 1 if func.attr in MESSAGE_LEVELS else 2 if func.attr == "add_message" else None
            if position is not None and position < len(node.args) and _is_bare_text(node.args[position]):
                self._problem(node, f"messages.{func.attr}() given untranslated text")
        self.generic_visit(node)


def scan(path: Path) -> list[str]:
    visitor = Scan(path)
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return visitor.problems


def test_every_translatable_string_of_the_code_can_be_extracted():
    problems = [problem for path in sources() for problem in scan(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "code",
    [
        "from django.utils.translation import gettext_lazy as _lazy\nOUTCOMES = {'x': _lazy('Accepted')}",
        "from django.utils.translation import gettext as _\n_(f'{name} is accepted')",
        "from django.utils.translation import gettext as _\n_(message)",
        "from django.utils.translation import gettext as _\n_('Hello ' + name)",
        "from django.utils.translation import ngettext\nngettext('one', plural, n)",
        "from django.utils import translation\ntranslation.gettext(text)",
        "from django.contrib import messages\nmessages.success(request, 'Saved.')",
        "from django.contrib import messages\nmessages.error(request, f'{name} failed')",
        "from django.contrib import messages\nmessages.add_message(request, messages.INFO, 'Done')",
    ],
)
def test_the_scan_catches_a_string_makemessages_would_miss(code):
    path = ROOT / "example.py"  # scanned as if it were in the project, never written
    visitor = Scan(path)
    visitor.visit(ast.parse(code))
    assert visitor.problems


@pytest.mark.parametrize(
    "code",
    [
        "from django.utils.translation import gettext_lazy as _\nX = _('Accepted')",
        "from django.utils.translation import gettext as _\n_('%(name)s is accepted') % {'name': name}",
        "from django.utils.translation import gettext as _\n_('Hello {name}').format(name=name)",
        "from django.utils.translation import pgettext_lazy\npgettext_lazy('engagement', 'Driver')",
        "from django.utils.translation import ngettext\nngettext('%(n)s item', '%(n)s items', n)",
        "from django.contrib import messages\nmessages.success(request, _('Saved.'))",
        "from django.contrib import messages\nmessages.error(request, ' '.join(error.messages))",
    ],
)
def test_the_scan_lets_extractable_strings_pass(code):
    visitor = Scan(ROOT / "example.py")
    visitor.visit(ast.parse(code))
    assert visitor.problems == []
