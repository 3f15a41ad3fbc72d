"""The charter as a Markdown file, an OpenDocument text and a Word document."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terreau.core.documents import DOCX_TYPE, ODT_TYPE, Document, export_filename

from .models import Charter, CharterVersion

FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "odt": ODT_TYPE,
    "docx": DOCX_TYPE,
}


def title(charter: Charter) -> str:
    return _("Charter of %(community)s") % {"community": charter.community.name}


def status(charter: Charter, version: CharterVersion) -> str:
    if charter.adopted_version_id == version.pk:
        return _("Adopted on %(date)s (version %(number)s).") % {
            "date": date_format(timezone.localtime(version.adopted_at), "DATE_FORMAT"),
            "number": version.number,
        }
    return _("Draft: version %(number)s, saved on %(date)s. Not adopted.") % {
        "number": version.number,
        "date": date_format(timezone.localtime(version.saved_at), "DATE_FORMAT"),
    }


def filename(charter: Charter, version: CharterVersion, extension: str) -> str:
    slug = charter.community.slug
    if charter.adopted_version_id != version.pk:
        slug += f"-v{version.number}"
    return export_filename(_("charter"), slug, extension)


def markdown(charter: Charter, version: CharterVersion) -> str:
    parts = [f"# {title(charter)}", f"*{status(charter, version)}*"]
    for section, text in version.filled_sections():
        parts += [f"## {section.label}", text]
    return "\n\n".join(parts) + "\n"


def document(charter: Charter, version: CharterVersion) -> Document:
    doc = Document(
        title=_("Charter"),
        community=charter.community.name,
        subtitle=status(charter, version),  # dated: adopted on…, or saved on…
    )
    for section, text in version.filled_sections():
        doc.heading(str(section.label), level=1)
        doc.markdown(text)
    return doc


def build(charter: Charter, version: CharterVersion, extension: str) -> bytes:
    if extension == "md":
        return markdown(charter, version).encode()
    doc = document(charter, version)
    return doc.odt() if extension == "odt" else doc.docx()
