"""Access-matrix entries of the lifecycle workspace: members read the answers their visibility
allows; the core team answers and moves the community from phase to phase."""

from terreau.lifecycle import services
from tests.access import Kind, Route, core_team_only, members_only, thing_url, url


def prepare(place):
    services.answer_save(
        actor=place.cast.core_member,
        community=place.cast.community,
        question="define.stakeholders",
        text="Parce que",
        status="settled",
        assignee=None,
        visibility="members",
    )


MATRIX = {
    "lifecycle:workspace": ("get", url("lifecycle:workspace"), members_only(200)),
    "lifecycle:phase": ("get", url("lifecycle:phase", lambda p: "define"), members_only(200)),
    "lifecycle:answer": ("get", url("lifecycle:answer", lambda p: "define.why"), core_team_only(200)),
    "lifecycle:advance": ("post", url("lifecycle:advance"), core_team_only(302)),
    "lifecycle:undo": ("post", url("lifecycle:undo"), core_team_only(302)),
}


# Things of every visibility -------------------------------------------------------------------

# One of the define phase's questions per visibility (the phase page lists them all); not why or
# the objectives, whose text is written in the definition.
QUESTIONS = {"public": "define.needs", "members": "define.members", "core_team": "define.scope"}


def plant_answer(place, variant, marker):
    return services.answer_save(
        actor=place.cast.core_member,
        community=place.cast.community,
        question=QUESTIONS[variant],
        text=marker,
        status="in_progress",
        assignee=place.cast.membership(place.cast.core_member),
        visibility=variant,
    )


KINDS = {"lifecycle_answer": Kind(plant_answer)}

OBJECT_ROUTES = {
    # The core team's form: a member is refused whatever the answer; a question that is not in
    # the guide is not found.
    "lifecycle:answer": Route(
        "get",
        "lifecycle_answer",
        thing_url("lifecycle:answer", lambda p, answer: answer.question),
        core_team_only(200),
        hidden=core_team_only(404),
    ),
}
