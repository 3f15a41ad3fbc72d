"""A small community with something in each of the archive's own sections, and reading an archive."""

import hashlib
import io
import json
import zipfile

from terreau.archive import builder
from terreau.charter import services as charter_services
from terreau.communities.models import Theme
from terreau.core.models import Visibility
from terreau.knowledge.models import ItemType
from terreau.knowledge.tests.helpers import PDF, make_item, pdf_upload


def fill(cast):
    """Items of each visibility (one with an attachment), a draft, and an adopted charter."""
    community = cast.community
    theme = Theme.objects.get(community=community, name="vente directe")
    items = {
        "public": make_item(cast, title="Carte des points de vente", visibility=Visibility.PUBLIC, themes=[theme]),
        "members": make_item(cast, title="Bilan des marchés", type=ItemType.DOCUMENT, visibility=Visibility.MEMBERS),
        "core": make_item(cast, title="Notes du noyau", type=ItemType.ARTICLE, visibility=Visibility.CORE_TEAM),
        "draft": make_item(cast, title="Brouillon", type=ItemType.ARTICLE, visibility=Visibility.PUBLIC, publish=False),
    }
    version = charter_services.charter_save(
        community=community,
        actor=cast.core_member,
        sections={"purpose": "Partager les pratiques.", "working_rules": "Bienveillance et entraide."},
        base_number=0,
        note="Première version",
        visibility=Visibility.PUBLIC,
    )
    charter_services.charter_mark_adopted(community=community, number=version.number, actor=cast.core_member)
    return items


def build(community, scope, **kwargs) -> tuple[bytes, dict]:
    out = io.BytesIO()
    manifest = builder.write(community, scope, out, **kwargs)
    return out.getvalue(), manifest


def members(data: bytes) -> dict[str, bytes]:
    """Every file of the ZIP, by its path inside the archive's folder."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        folder = names[0].split("/", 1)[0] + "/"
        return {name.removeprefix(folder): zf.read(name) for name in names}


def jsonl(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["PDF", "build", "fill", "jsonl", "members", "pdf_upload", "sha"]
