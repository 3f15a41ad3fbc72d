"""Access-matrix entries of the calls for expressions of interest (the cast's community is private)."""

from datetime import timedelta

from terreau.calls import services
from terreau.calls.models import site_today
from tests.access import core_team_only, everyone, members_only, url


def prepare(world):
    cast = world.cast
    world.call = services.call_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rejoignez la communauté",
        text="Nous cherchons des **producteurs**.",
        closes_on=site_today() + timedelta(days=30),
        questions=[services.Question("Quel est votre territoire ?", required=True)],
    )
    question = world.call.questions.get()
    world.application = services.application_submit(
        call=world.call,
        name="Léa Candidate",
        email="candidate@example.test",
        motivation="Je vends en circuit court.",
        engagement="carrier",
        answers={question.pk: "Condroz"},
    )


call_id = lambda w: w.call.pk  # noqa: E731

MATRIX = {
    "calls:list": ("get", url("calls:list"), members_only(200)),
    "calls:create": ("get", url("calls:create"), core_team_only(200)),
    "calls:edit": ("get", url("calls:edit", call_id), core_team_only(200)),
    # Closing needs no data; a member is refused, a stranger learns nothing.
    "calls:close": ("post", url("calls:close", call_id), core_team_only(302)),
    # The public page: anyone holding the link reads it and may answer.
    "calls:public": ("get", lambda w: w.call.get_absolute_url(), everyone(200)),
    "calls:applications": ("get", url("calls:applications", call_id), core_team_only(200)),
    # An empty decision is sent back to the list with a message.
    "calls:decide": (
        "post",
        url("calls:decide", call_id, lambda w: w.application.pk),
        core_team_only(302),
    ),
}
