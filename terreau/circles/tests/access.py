"""Access-matrix entries of the circles (see tests/test_access_matrix.py).

The map and a circle's page read like the community: whoever may view it sees the circles their
visibility allows. The core team creates, closes and names coordinators; a circle's coordinator
(here the cast's author) and the core team keep its information, its members and its
representative; members join, ask and leave. A circle the person may not see answers as missing.
"""

from terreau.circles.models import Circle, CircleMember, CircleRequest, Joining
from tests.access import MISSING, Kind, Route, core_team_only, everyone, member_action, pk, signed_in, thing_url, url


def _circle(place, *, name, visibility="public", joining=Joining.OPEN) -> Circle:
    cast = place.cast
    circle = Circle.objects.create(
        community=cast.community, name=name, purpose=name, visibility=visibility, joining=joining
    )
    CircleMember.objects.create(circle=circle, membership=cast.membership(cast.author), is_coordinator=True)
    return circle


def prepare(place):
    cast = place.cast
    place.circle = _circle(place, name="Groupe Logistique")
    place.circle_on_request = _circle(place, name="Groupe Cantines", joining=Joining.ON_REQUEST)
    place.circle_request = CircleRequest.objects.create(
        circle=place.circle_on_request, membership=cast.membership(cast.observer)
    )
    place.circle_member = CircleMember.objects.create(circle=place.circle, membership=cast.membership(cast.member))


def plant_circle(place, visibility, marker):
    return _circle(place, name=marker, visibility=visibility)


KINDS = {"circle": Kind(plant_circle)}


def coordinating(code):
    """The circle's coordinator (the author), the core team and the platform admin; others who
    see the circle are refused (403)."""
    return {**signed_in(403), "author": code, "core_member": code, "admin": code}


OBJECT_ROUTES = {
    "circles:detail": Route("get", "circle", thing_url("circles:detail", pk), everyone(200)),
    "circles:edit": Route("get", "circle", thing_url("circles:edit", pk), coordinating(200)),
    "circles:members": Route("get", "circle", thing_url("circles:members", pk), coordinating(200)),
    "circles:links": Route("get", "circle", thing_url("circles:links", pk), coordinating(200)),
    # Asking takes a membership, checked before the circle is looked up.
    "circles:ask": Route(
        "get",
        "circle",
        thing_url("circles:ask", pk),
        member_action(200),
        hidden={**MISSING, "admin": 403},
        missing={**MISSING, "admin": 403},
    ),
}

_circle_pk = lambda p: p.circle.pk  # noqa: E731
_on_request = lambda p: p.circle_on_request.pk  # noqa: E731

MATRIX = {
    "circles:map": ("get", url("circles:map"), everyone(200)),
    "circles:create": ("get", url("circles:create"), core_team_only(200)),
    "circles:detail": ("get", url("circles:detail", _circle_pk), everyone(200)),
    # An empty form re-renders with its errors (the core team's: a name; a coordinator's: the version).
    "circles:edit": ("post", url("circles:edit", _circle_pk), coordinating(200)),
    "circles:close": ("post", url("circles:close", _circle_pk), core_team_only(302)),
    "circles:join": ("post", url("circles:join", _circle_pk), member_action(302)),
    "circles:ask": ("get", url("circles:ask", _on_request), member_action(200)),
    "circles:leave": ("post", url("circles:leave", _circle_pk), member_action(302)),
    "circles:request_decide": (
        "post",
        url("circles:request_decide", _on_request, lambda p: p.circle_request.pk),
        coordinating(302),
    ),
    "circles:members": ("get", url("circles:members", _circle_pk), coordinating(200)),
    "circles:member_remove": (
        "post",
        url("circles:member_remove", _circle_pk, lambda p: p.circle_member.membership_id),
        coordinating(302),
    ),
    "circles:coordinator": (
        "post",
        url("circles:coordinator", _circle_pk, lambda p: p.circle_member.membership_id),
        core_team_only(302),
    ),
    "circles:links": ("get", url("circles:links", _circle_pk), coordinating(200)),
}
