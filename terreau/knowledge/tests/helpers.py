"""Builders for the knowledge tests: items of each type with believable French content."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.core.models import Visibility
from terreau.knowledge import services
from terreau.knowledge.models import ItemType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

GOOD_PRACTICE = {
    "for_whom": "Les producteurs qui vendent en circuit court",
    "why": "Les consommateurs ne trouvent pas les points de vente.",
    "key_benefits": "- Plus de ventes\n- Moins de déplacements",
    "in_practice": "Une carte partagée des points de vente, mise à jour chaque mois.",
    "points_of_attention": "",
    "standing": "idea",
    "evidence": "",
    "contact_name": "",
    "contact_email": "",
}
FIELDS = {
    ItemType.GOOD_PRACTICE: GOOD_PRACTICE,
    ItemType.LESSONS_LEARNED: {
        "project": "Halle fermière de Ciney",
        "what_worked": "La coopération entre producteurs.",
        "what_worked_less": "La communication vers les habitants.",
        "do_differently": "Impliquer la commune dès le début.",
        "top_points": "Un noyau motivé\nUn lieu central",
        "contacts": "",
    },
    ItemType.EXCHANGE_MEMO: {
        "held_on": "2025-03-14",
        "participants": "Julie, Marc, Sophie",
        "learned": "Les marchés du soir attirent les familles.",
        "follow_ups": "",
    },
    ItemType.WATCH_ITEM: {
        "link": "https://example.org/rapport",
        "source": "Réseau wallon de développement rural",
        "published_on": "",
        "digest": "Un rapport sur la mobilité rurale.",
    },
    ItemType.DOCUMENT: {"summary": "Le bilan annuel des marchés."},
    ItemType.ARTICLE: {},
}


def make_item(
    cast,
    *,
    type=ItemType.GOOD_PRACTICE,
    title="Carte des points de vente",
    author=None,
    publish=True,
    visibility=Visibility.MEMBERS,
    fields=None,
    body="",
    themes=(),
    activity=None,
    upload=None,
    community=None,
):
    community = community or cast.community
    author = author or cast.member
    if type == ItemType.DOCUMENT and upload is None:
        upload = pdf_upload()
    item = services.item_create(
        actor=author,
        community=community,
        type=type,
        title=title,
        fields={**FIELDS[type], **(fields or {})},
        body=body,
        themes=themes,
        activity=activity,
        visibility=visibility,
        upload=upload,
    )
    if publish:
        services.item_set_status(actor=cast.core_member, item=item, action="publish")
    return item


def pdf_upload(name="bilan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
