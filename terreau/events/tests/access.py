"""Access-matrix entries of the events (see tests/test_access_matrix.py)."""

from tests.access import everyone, url

MATRIX = {
    "events:calendar": ("get", url("events:calendar"), everyone(200)),
}


# ---------------------------------------------------------------------------------------------
# Agenda and minutes (views/agenda.py) — kept in this block of their own.
#
# An event's agenda is changed by those who organise it: the core team, the facilitators and
# the platform admin (and the event's own organisers, tested in test_agenda.py). The event is
# public so that everyone reaches the rule rather than a hidden event.


def prepare_agenda(place):
    from datetime import timedelta

    from django.utils import timezone

    from terreau.core.models import Visibility
    from terreau.events.models import AgendaItem
    from terreau.events.tests.factories import make_event

    community = place.cast.community
    place.agenda_event = make_event(
        community, title="Rencontre passée", visibility=Visibility.PUBLIC, starts_at=timezone.now() - timedelta(days=2)
    )
    place.agenda_item = AgendaItem.objects.create(event=place.agenda_event, position=1, title="Accueil", duration=15)


_prepare_before_agenda = globals().get("prepare")


def prepare(place):  # noqa: F811 (extends the module's prepare, if any)
    if _prepare_before_agenda is not None:
        _prepare_before_agenda(place)
    prepare_agenda(place)


def _agenda_url(name, *more):
    from tests.access import url as _url

    return _url(name, lambda p: p.agenda_event.pk, *more)


def _organisers(code):
    """An outsider reads the public event (in either community), and is refused the change."""
    from tests.access import facilitators

    return {**facilitators(code), "outsider": 403}


_item_pk = lambda p: p.agenda_item.pk  # noqa: E731

MATRIX.update(
    {
        "events:agenda": ("get", _agenda_url("events:agenda"), _organisers(200)),
        "events:agenda_item_create": (
            "get",
            _agenda_url("events:agenda_item_create"),
            _organisers(200),
        ),
        "events:agenda_item_edit": (
            "get",
            _agenda_url("events:agenda_item_edit", _item_pk),
            _organisers(200),
        ),
        # The agenda is not empty: the template is refused with a message, back to the agenda.
        "events:agenda_template": (
            "post",
            _agenda_url("events:agenda_template"),
            _organisers(302),
        ),
        "events:agenda_item_delete": (
            "post",
            _agenda_url("events:agenda_item_delete", _item_pk),
            _organisers(302),
        ),
        # Without a direction nothing moves: back to the agenda with a message.
        "events:agenda_item_move": (
            "post",
            _agenda_url("events:agenda_item_move", _item_pk),
            _organisers(302),
        ),
        # Opens the knowledge base's editor of the minutes (written by the first to ask).
        "events:minutes_write": (
            "post",
            _agenda_url("events:minutes_write"),
            _organisers(302),
        ),
    }
)
