"""The help section: one Markdown page per capability, in each interface language.

Pages live in content/<language>/<slug>.md; the first line is the title (`# ...`).
Every later capability adds its slug here and its two files.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from terreau.core import markdown

CONTENT = Path(__file__).parent / "content"

SLUGS = [
    "getting-started",
    "account",
    "communities",
    "members",
    "core-team",
    "roles",
    "workspace",
    "definition",
    "charter",
    "calls",
    "launch",
    "evaluations",
    "retrospectives",
    "knowledge",
    "exchanges",
    "ideas",
    "message-rhythm",
    "weekly-hour",
    "calendars",
    "statistics",
    "access-levels",
    "emails",
    "administration",
    "privacy",
    "terms",
]


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    html: SafeString


def _language(language: str | None) -> str:
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return language if (CONTENT / language).is_dir() else settings.LANGUAGE_CODE


@cache
def _load(language: str, slug: str) -> HelpPage:
    text = (CONTENT / language / f"{slug}.md").read_text(encoding="utf-8")
    first, _newline, body = text.partition("\n")
    return HelpPage(slug=slug, title=first.lstrip("# ").strip(), html=markdown.render(body))


def page(slug: str, language: str | None = None) -> HelpPage | None:
    if slug not in SLUGS:
        return None
    return _load(_language(language), slug)


def pages(language: str | None = None) -> list[HelpPage]:
    return [_load(_language(language), slug) for slug in SLUGS]
