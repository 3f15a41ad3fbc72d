import csv
import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from terreau import permissions

from . import selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _context(request, community, **extra):
    # What base_community.html needs; the same keys as the community pages give it.
    user = request.user
    return {
        "community": community,
        "my_membership": permissions.membership(user, community),
        "standing": permissions.standing(user, community),
        "can_manage": permissions.can(user, "members.manage", community),
        "can_see_members": permissions.can(user, "members.view", community),
        **extra,
    }


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
        _context(request, community, tab="audit", form=form, entries=page, filtered=bool(filters)),
    )


def inert(value) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def _json(value) -> str:
    return "" if value is None else json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


@require_GET
def log_csv(request, slug):
    community = permissions.community_for(request.user, slug, "audit.view")
    _form, _filters, entries = _filtered(request, community)
    writer = csv.writer(_Echo(), delimiter=";")
    language = translation.get_language()

    def rows():
        # Written after the view has returned: in the reader's language all the same.
        with translation.override(language):
            yield "\ufeff"  # so that spreadsheet programs read the accents right
            headers = [_("When"), _("Who"), _("What"), _("Action code"), _("Kind"), _("Object")]
            yield writer.writerow([*headers, _("Before"), _("After")])
            for entry in entries.iterator(chunk_size=500):
                cells = [
                    timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.actor_name,
                    entry.action_label,
                    entry.action,
                    entry.target_kind,
                    entry.target_label,
                    _json(entry.before),
                    _json(entry.after),
                ]
                yield writer.writerow([inert(cell) for cell in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-change-log.csv"'
    return response
