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
"""

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
