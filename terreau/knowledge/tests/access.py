"""Access-matrix entries of the knowledge base.

Reading follows each item's visibility (the item of the world is for members); members add
items; the author (the cast's member) and the content managers (core team, admin) edit; the
content managers publish, review and keep the themes and activities. Refusals of what a person
may not read are 404, so that nothing private reveals that it exists.
"""

import datetime

from terreau.knowledge import services
from terreau.knowledge.models import ActivityTag, ContributorInterview, Handover, ItemType
from terreau.knowledge.tests.helpers import make_item, pdf_upload
from tests.access import core_team_only, everyone, members_only, url


def prepare(world):
    cast = world.cast
    world.theme = cast.community.themes.get(slug="vente-directe")
    world.activity = services.activity_create(
        actor=cast.core_member, community=cast.community, name="Groupe marchés", kind=ActivityTag.Kind.WORKING_GROUP
    )
    world.item = make_item(cast, themes=[world.theme], activity=world.activity)
    world.attachment = services.attachment_add(
        actor=cast.member, item=world.item, upload=pdf_upload(), summary="Bilan", visibility="members"
    )
    world.item.refresh_from_db()
    world.interview = services.interview_save(
        actor=cast.member,
        interview=ContributorInterview(
            community=cast.community,
            interviewee=cast.membership(cast.facilitator),
            held_on=datetime.date(2025, 5, 2),
            questions_answers="## Qu'avez-vous appris ?\nBeaucoup.",
        ),
        items=[world.item],
    )
    lessons = make_item(cast, type=ItemType.LESSONS_LEARNED, title="Leçons de la halle")
    world.handover = services.handover_save(
        actor=cast.member,
        handover=Handover(
            community=cast.community,
            title="Halle fermière",
            held_on=datetime.date(2025, 6, 1),
            finishing_team="Équipe de Ciney",
            starting_teams="Équipe de Marche",
            questions="Comment trouver un lieu ?",
        ),
        lessons=[lessons],
    )


item_id = lambda w: w.item.pk  # noqa: E731
# The author (the member) and the content managers (core team, admin) edit.
editors = {**members_only(403), "member": 200, "core_member": 200, "admin": 200}
editors_post = {**members_only(403), "member": 302, "core_member": 302, "admin": 302}

MATRIX = {
    "knowledge:home": ("get", url("knowledge:home"), everyone(200)),
    "knowledge:item_new": ("get", url("knowledge:item_new"), members_only(200)),
    "knowledge:item_create": ("get", url("knowledge:item_create", lambda w: "good_practice"), members_only(200)),
    "knowledge:item": ("get", url("knowledge:item", item_id), members_only(200)),
    "knowledge:item_edit": ("get", url("knowledge:item_edit", item_id), editors),
    # Without an action nothing changes: back to the item with a message.
    "knowledge:item_status": ("post", url("knowledge:item_status", item_id), core_team_only(302)),
    "knowledge:item_versions": ("get", url("knowledge:item_versions", item_id), members_only(200)),
    "knowledge:item_compare": ("get", url("knowledge:item_compare", item_id), members_only(200)),
    "knowledge:item_restore": ("post", url("knowledge:item_restore", item_id, lambda w: 1), editors_post),
    "knowledge:item_markdown": ("get", url("knowledge:item_markdown", item_id), members_only(200)),
    # An empty upload: the form comes back with its errors.
    "knowledge:attachment_add": (
        "post",
        url("knowledge:attachment_add", item_id),
        {**editors, "member": 400, "core_member": 400, "admin": 400},
    ),
    "knowledge:attachment": ("get", url("knowledge:attachment", lambda w: w.attachment.pk), members_only(200)),
    "knowledge:attachment_delete": (
        "post",
        url("knowledge:attachment_delete", lambda w: w.attachment.pk),
        editors_post,
    ),
    "knowledge:review": ("get", url("knowledge:review"), core_team_only(200)),
    "knowledge:feed": ("get", url("knowledge:feed"), everyone(200)),
    "knowledge:export": ("get", url("knowledge:export"), members_only(200)),
    "knowledge:entry_points": ("get", url("knowledge:entry_points"), core_team_only(200)),
    "knowledge:theme_delete": ("post", url("knowledge:theme_delete", lambda w: w.theme.pk), core_team_only(302)),
    "knowledge:activity_delete": (
        "post",
        url("knowledge:activity_delete", lambda w: w.activity.pk),
        core_team_only(302),
    ),
    "knowledge:transfer": ("get", url("knowledge:transfer"), members_only(200)),
    "knowledge:interview_create": ("get", url("knowledge:interview_create"), members_only(200)),
    "knowledge:interview": ("get", url("knowledge:interview", lambda w: w.interview.pk), members_only(200)),
    "knowledge:interview_edit": ("get", url("knowledge:interview_edit", lambda w: w.interview.pk), editors),
    "knowledge:handover_create": ("get", url("knowledge:handover_create"), members_only(200)),
    "knowledge:handover": ("get", url("knowledge:handover", lambda w: w.handover.pk), members_only(200)),
    "knowledge:handover_edit": ("get", url("knowledge:handover_edit", lambda w: w.handover.pk), editors),
}
