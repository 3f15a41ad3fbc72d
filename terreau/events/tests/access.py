"""Access-matrix entries of the events (see tests/test_access_matrix.py)."""

from tests.access import everyone, url

MATRIX = {
    "events:calendar": ("get", url("events:calendar"), everyone(200)),
}


# Registrations and attendance (attend) ------------------------------------------------------------
# Kept in a block of their own; `prepare` below creates the two events these URLs name.

from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from tests.access import facilitators, member_action  # noqa: E402


def _attend_prepare(place):
    from terreau.events.tests.factories import make_event

    now = timezone.now()
    place.attend_coming = make_event(place.cast.community, starts_at=now + timedelta(days=7), title="À venir")
    place.attend_past = make_event(place.cast.community, starts_at=now - timedelta(days=2), title="Passée")


def prepare(place):
    _attend_prepare(place)


MATRIX.update(
    {
        "events:register": ("post", url("events:register", lambda p: p.attend_coming.pk), member_action(302)),
        "events:unregister": ("post", url("events:unregister", lambda p: p.attend_coming.pk), member_action(302)),
        "events:attendance": ("get", url("events:attendance", lambda p: p.attend_past.pk), facilitators(200)),
    }
)
