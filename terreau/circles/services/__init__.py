"""What changes circles: the circles themselves and the double link (`circles`), their members
(`members`). Each service takes the person acting and checks it through circles/permissions.py."""

from .circles import (
    StaleEdit,
    circle_close,
    circle_create,
    circle_update,
    core_team_circle,
    lead_link_set,
    representative_elected,
    representative_set,
)
from .members import (
    circle_ask,
    circle_join,
    circle_leave,
    coordinator_set,
    member_add,
    member_left,
    member_remove,
    request_decide,
)

__all__ = [
    "StaleEdit",
    "circle_ask",
    "circle_close",
    "circle_create",
    "circle_join",
    "circle_leave",
    "circle_update",
    "coordinator_set",
    "core_team_circle",
    "lead_link_set",
    "member_add",
    "member_left",
    "member_remove",
    "representative_elected",
    "representative_set",
    "request_decide",
]
