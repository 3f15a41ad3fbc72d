from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core import csv

from . import selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _filtered(request, community):
    form = AuditFilterForm(request.GET or None, people=selectors.people(community))
    filters = form.filters()
    return form, filters, selectors.entries(community, **filters)


@require_GET
def log(request, slug):
    community = permissions.community_for(request.user, slug, "audit.view")
    form, filters, entries = _filtered(request, community)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        community_context(request, community, tab="audit", form=form, entries=page, filtered=bool(filters)),
    )


def _readable(pairs: list[tuple[str, str]]) -> str:
    """The values as the page shows them, one "label: value" a line, for people reading a spreadsheet."""
    return "\n".join(f"{label}: {value}" if label else value for label, value in pairs)


@require_GET
def log_csv(request, slug):
    community = permissions.community_for(request.user, slug, "audit.view")
    _form, _filters, entries = _filtered(request, community)
    language = translation.get_language()

    def rows():
        # Written after the view has returned: in the reader's language all the same.
        with translation.override(language):
            headers = [_("When"), _("Who"), _("What"), _("Action code"), _("Kind"), _("Object")]
            yield [*headers, _("Before"), _("After")]
            for entry in entries.iterator(chunk_size=500):
                yield [
                    timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.actor_name,
                    entry.action_label,
                    entry.action,
                    entry.target_kind,
                    entry.target_label,
                    _readable(entry.before_display),
                    _readable(entry.after_display),
                ]

    return csv.streaming_response(f"{community.slug}-change-log.csv", rows())
