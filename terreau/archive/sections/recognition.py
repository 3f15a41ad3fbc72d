"""The recognition document, once published: its title and its Markdown text, as its visibility
allows. The organisations the knowledge was handed to (closing.Recipient) are not archived:
their contacts are personal data.

The close phase's app sits above the archive (it hands the archive over), so its model is
reached through the app registry rather than imported.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy

from ._kit import dated, iso, moment, reads, rid
from .base import Section

KIND = "closing.recognition"


def _model():
    return apps.get_model("closing", "Recognition")


def export(ctx):
    # Published as a page of the community: read as the community is, as its visibility allows.
    if not reads(ctx, "community.view"):
        return
    recognition = (
        _model()
        .objects.filter(community=ctx.community, published_at__isnull=False, visibility__in=ctx.visibilities)
        .first()
    )
    if recognition is None:
        return
    yield {
        "kind": KIND,
        "id": rid(KIND, recognition.pk),
        "title": recognition.title,
        "text": recognition.text,
        "visibility": recognition.visibility,
        "published_at": iso(recognition.published_at),
        "updated_at": iso(recognition.updated_at),
    }


def load(ctx, records):
    model = _model()
    for record in records:
        recognition, _created = model.objects.update_or_create(
            community=ctx.community,
            defaults={
                "title": record["title"],
                "text": record["text"],
                "visibility": record["visibility"],
                "published_at": moment(record["published_at"]),
            },
        )
        ctx.remember(record["id"], dated(recognition, updated_at=moment(record["updated_at"])))


def markdown(record) -> str:
    return f"# {record['title']}\n\n{record['text']}\n"


SECTION = Section(
    key="recognition",
    title=gettext_lazy("Recognition"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/sections/recognition.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
