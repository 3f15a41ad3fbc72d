"""The archive's format: what a ZIP holds, and the contract every section keeps.

One ZIP, one folder inside it (`<slug>-archive/`), opened from disk with no server:

    index.html                 the static website's home (relative links only, no script)
    README.txt                 what the archive is and how to open it, in the builder's language
    manifest.json              FORMAT, VERSION, community, scope, built_at, language, sections,
                               counts {record kind: n}, files {path in the ZIP: sha256}
    assets/style.css           the website's only stylesheet
    <section>/index.html       a section's list page; <section>/<slug>.html one page per thing
    data/<section>.jsonl       the section's records, one JSON object per line (what import reads)
    data/people.jsonl          the people the records name: {"id", "name"}, never an email
    markdown/<section>/...md   the same things as Markdown, one file per thing
    files/<sha256>/<name>      attachments, each once, named by their content

A record is a JSON object with at least `kind` ("knowledge.item") and `id` (unique within the
archive, "knowledge.item:12"); it names people by their person id ("person:3"), other records by
their id, files by their path under files/. Nested things that only live inside another (an
item's versions, a decision's steps) are lists inside its record. Dates are ISO 8601 strings.

Access rules survive: a section writes only what the archive's scope may see
(`ExportContext.visibilities`), and each record keeps its `visibility` where the thing has one,
so an import gives it back the same.

Additions (builder.py, kept compatible with the names above):

- Every path above is relative to the ZIP's one folder, `root(slug)`; the manifest's `files`
  names them so (without the folder), with the sha256 of their bytes, the manifest excepted.
- A record's pages and Markdown are named `record_name(record_id)`: "knowledge.item:12" gives
  `knowledge/knowledge-item-12.html` and `markdown/knowledge/knowledge-item-12.md`.
- A section's list is paged: `<section>/index.html`, then `<section>/page-2.html`... of
  `PAGE_SIZE` records each.
- `Section.date(record)` gives the date the list page shows (by default the first of `date`,
  `held_on`, `published_at`, `saved_at`, `created_at` the record has).
- A record page's template is given, beside `record`, `people` and `section`: `root` (the
  relative way back to the folder, "../"), `links` ({record id: relative path of its page}, for
  the records written before it) and `lang`. The filter library `archive_site` has `markdown`
  (safe HTML), `person` (a person id to their name, given `people`), `record_link` and `date`.
"""

import re

FORMAT = "terreau-archive"
VERSION = 1

MANIFEST = "manifest.json"
PEOPLE = "data/people.jsonl"


def data_path(section: str) -> str:
    return f"data/{section}.jsonl"


def markdown_path(section: str, name: str) -> str:
    return f"markdown/{section}/{name}.md"


def page_path(section: str, name: str = "index") -> str:
    return f"{section}/{name}.html"


def file_path(sha256: str, name: str) -> str:
    return f"files/{sha256}/{name}"


PAGE_SIZE = 200


def root(slug: str) -> str:
    """The one folder the ZIP holds."""
    return f"{slug}-archive/"


def record_name(record_id: str) -> str:
    """The file name (without extension) of a record's page and Markdown."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", record_id).strip("-") or "record"


def list_page_path(section: str, number: int) -> str:
    return page_path(section, "index" if number <= 1 else f"page-{number}")
