"""Access-matrix entries of the calls for expressions of interest.

A call's public page lives at an address nobody can guess; who may open it follows its
visibility. A private community's calls are found through their link only, never by browsing.
"""

from datetime import timedelta

from terreau.calls import services
from terreau.calls.models import site_today
from tests.access import Kind, Route, core_team_only, everyone, members_only, pk, thing_url, url


def _call(place, *, title, text, visibility="public"):
    cast = place.cast
    call = services.call_create(
        actor=cast.core_member,
        community=cast.community,
        title=title,
        text=text,
        closes_on=site_today() + timedelta(days=30),
        visibility=visibility,
        questions=[services.Question("Quel est votre territoire ?", required=True)],
    )
    call.application = services.application_submit(
        call=call,
        name="Léa Candidate",
        email=f"candidate-{call.pk}@example.test",
        motivation="Je vends en circuit court.",
        engagement="carrier",
        answers={call.questions.get().pk: "Condroz"},
    )
    return call


def prepare(place):
    place.call = _call(place, title="Rejoignez la communauté", text="Nous cherchons des **producteurs**.")
    place.application = place.call.application


call_id = lambda p: p.call.pk  # noqa: E731

MATRIX = {
    # The public community lists its open calls to everyone.
    "calls:list": ("get", url("calls:list"), members_only(200), {"anonymous": 200, "outsider": 200}),
    "calls:create": ("get", url("calls:create"), core_team_only(200)),
    "calls:edit": ("get", url("calls:edit", call_id), core_team_only(200)),
    # Closing needs no data; a member is refused, a stranger learns nothing.
    "calls:close": ("post", url("calls:close", call_id), core_team_only(302)),
    # The public page: anyone holding the link reads it and may answer.
    "calls:public": ("get", lambda p: p.call.get_absolute_url(), everyone(200)),
    # The thank-you page after an answer: whoever may read the call.
    "calls:thanks": ("get", url("calls:thanks", lambda p: p.call.token), everyone(200)),
    "calls:applications": ("get", url("calls:applications", call_id), core_team_only(200)),
    # An empty decision is sent back to the list with a message.
    "calls:decide": (
        "post",
        url("calls:decide", call_id, lambda p: p.application.pk),
        core_team_only(302),
    ),
}


# Things of every visibility -------------------------------------------------------------------


def plant_call(place, variant, marker):
    return _call(place, title=marker, text=f"{marker} : nous cherchons des composteurs.", visibility=variant)


KINDS = {"call": Kind(plant_call)}

# Only the core team manages calls, whatever the call: a member is refused before it is looked up.
editing = {"hidden": core_team_only(404)}

OBJECT_ROUTES = {
    # A visitor holding the link of a members' call is asked to sign in; a link that leads
    # nowhere is not found, whoever follows it (the token is the secret, not the call's existence).
    "calls:public": Route(
        "get",
        "call",
        thing_url("calls:public", lambda p, call: call.token),
        everyone(200),
        missing=everyone(404),
    ),
    "calls:thanks": Route(
        "get",
        "call",
        thing_url("calls:thanks", lambda p, call: call.token),
        everyone(200),
        missing=everyone(404),
    ),
    "calls:edit": Route("get", "call", thing_url("calls:edit", pk), core_team_only(200), **editing),
    "calls:close": Route("post", "call", thing_url("calls:close", pk), core_team_only(302), **editing),
    "calls:applications": Route("get", "call", thing_url("calls:applications", pk), core_team_only(200), **editing),
    "calls:decide": Route(
        "post",
        "call",
        thing_url("calls:decide", pk, lambda p, call: call.application.pk),
        core_team_only(302),
        **editing,
    ),
}
