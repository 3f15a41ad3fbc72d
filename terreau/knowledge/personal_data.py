"""What the knowledge base holds of a person, and its search index (see core.personal_data)."""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from terreau import permissions
from terreau.core import personal_data

from . import french, search, services
from .models import Attachment, ContributorInterview, Handover, KnowledgeItem, KnowledgeVersion

# What the search reads (attachments' summaries of every visibility among them): not the person's data.
SEARCH_COLUMNS = set(search.TEXT_FIELDS.values())


def _items(user):
    return permissions.visible_rows(user, KnowledgeItem.objects.all())


def exporter(user) -> personal_data.Export:
    dump = personal_data.dump
    attachments = permissions.visible_rows(
        user, Attachment.objects.filter(uploaded_by=user, item__in=_items(user)), "item__community"
    )
    return personal_data.Export(
        {
            "items": [
                {key: value for key, value in row.items() if key not in SEARCH_COLUMNS}
                for row in dump(_items(user).filter(author=user))
            ],
            "versions": dump(KnowledgeVersion.objects.filter(author=user, item__in=_items(user))),
            "attachments": dump(attachments),
            "contributor_interviews": dump(
                permissions.visible_rows(
                    user,
                    ContributorInterview.objects.filter(
                        Q(interviewee__user=user) | Q(interviewer__user=user) | Q(created_by=user)
                    ),
                )
            ),
            "handovers": dump(permissions.visible_rows(user, Handover.objects.filter(created_by=user))),
        },
        files=[(f"knowledge/{a.pk}-{a.name}", a.file) for a in attachments],
    )


def eraser(user, neutral_name: str) -> None:
    """The items that name the person (as their contact, in a text or an attachment's summary)
    are written again with the neutral name, and so is their place in the search index, which
    the sweep of core.personal_data does not reach (FTS5 tables, the tsvector column)."""
    replacements = personal_data.replacements_of(user, neutral_name)
    text_columns = ["title", "body", *search.TEXT_FIELDS.values()]
    named = reduce(
        or_,
        (Q(**{f"{column}__icontains": needle}) for column in text_columns for needle in replacements),
        Q(contact__user=user),
    )
    items = list(KnowledgeItem.objects.filter(named).select_related("contact__user"))
    for item in items:
        for visibility, text in services.search_texts(item).items():
            setattr(item, search.TEXT_FIELDS[visibility], text)
        for column in text_columns:
            setattr(item, column, personal_data.replace(getattr(item, column), replacements))
        if isinstance(item.fields, dict):
            item.fields = personal_data._replace_json(item.fields, replacements)
        KnowledgeItem.objects.filter(pk=item.pk).update(**{column: getattr(item, column) for column in text_columns})
        KnowledgeItem.objects.filter(pk=item.pk).update(fields=item.fields)
    search.reindex(KnowledgeItem.objects.filter(pk__in=[item.pk for item in items]))
    # The words kept whole for the lookup by beginning (search._expand) keep a name once indexed.
    local_part = user.email.split("@")[0]
    names = {word for text in (user.display_name, local_part) for word in french.words(text) if len(word) >= 4}
    if names:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM knowledge_search_terms WHERE term = %s", [(french.EXACT + name,) for name in names]
            )
    if items and not search.is_postgresql():
        search.optimize()  # merges the index's segments: a deleted row's words leave its blobs
