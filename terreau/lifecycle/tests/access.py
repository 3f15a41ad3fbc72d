from terreau.lifecycle import services
from tests.access import core_team_only, members_only, url


def prepare(world):
    services.answer_save(
        actor=world.cast.core_member,
        community=world.cast.community,
        question="define.why",
        text="Parce que",
        status="settled",
        assignee=None,
        visibility="members",
    )


MATRIX = {
    "lifecycle:workspace": ("get", url("lifecycle:workspace"), members_only(200)),
    "lifecycle:phase": ("get", url("lifecycle:phase", lambda w: "define"), members_only(200)),
    "lifecycle:answer": ("get", url("lifecycle:answer", lambda w: "define.why"), core_team_only(200)),
    "lifecycle:advance": ("post", url("lifecycle:advance"), core_team_only(302)),
    "lifecycle:undo": ("post", url("lifecycle:undo"), core_team_only(302)),
}
