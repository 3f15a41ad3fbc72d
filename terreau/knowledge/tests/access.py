"""Access-matrix entries of the knowledge base.

Reading follows each item's visibility (the item of the world is for members); members add
items; the author and the content managers (the content management role, the core team, the
admin) edit; the content managers publish, review and keep the themes and activities. Drafts are
read by their author and the content managers only. Refusals of what a person may not read are
404, so that nothing private reveals that it exists.
"""

import datetime

from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.knowledge import services
from terreau.knowledge.models import ActivityTag, ContributorInterview, Handover, ItemType
from terreau.knowledge.tests.helpers import make_item, pdf_upload
from tests.access import (
    DRAFT,
    SEES,
    VISIBILITIES,
    Kind,
    Route,
    content_managers,
    everyone,
    members_only,
    pk,
    thing_url,
    url,
)

SEARCHED = "Compostage"  # a word in every item the world plants, so that a search lists them all


def prepare(place):
    cast = place.cast
    place.theme = communities.theme_get_or_create(
        actor=cast.core_member, community=cast.community, name="Vente directe"
    )
    place.activity = services.activity_create(
        actor=cast.core_member, community=cast.community, name="Groupe marchés", kind=ActivityTag.Kind.WORKING_GROUP
    )
    place.item = make_item(cast, author=cast.author, themes=[place.theme], activity=place.activity)
    place.attachment = services.attachment_add(
        actor=cast.author, item=place.item, upload=pdf_upload(), summary="Bilan", visibility="members"
    )
    place.item.refresh_from_db()
    place.interview = services.interview_save(
        actor=cast.author,
        interview=ContributorInterview(
            community=cast.community,
            interviewee=cast.membership(cast.facilitator),
            held_on=datetime.date(2025, 5, 2),
            questions_answers="## Qu'avez-vous appris ?\nBeaucoup.",
        ),
        items=[place.item],
    )
    lessons = make_item(cast, author=cast.author, type=ItemType.LESSONS_LEARNED, title="Leçons de la halle")
    place.handover = services.handover_save(
        actor=cast.author,
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


item_id = lambda p: p.item.pk  # noqa: E731
# The author and the content managers edit.
editors = {**members_only(403), "author": 200, "content_manager": 200, "core_member": 200, "admin": 200}
editors_post = {person: 302 if answer == 200 else answer for person, answer in editors.items()}

MATRIX = {
    "knowledge:home": ("get", url("knowledge:home"), everyone(200)),
    # The search and the lists by status: each lists only what the person may read.
    "knowledge:home (search)": (
        "get",
        lambda p: url("knowledge:home")(p) + f"?q={SEARCHED}",
        everyone(200),
    ),
    "knowledge:home (drafts)": ("get", lambda p: url("knowledge:home")(p) + "?status=draft", everyone(200)),
    "knowledge:home (mine)": ("get", lambda p: url("knowledge:home")(p) + "?status=mine", everyone(200)),
    "knowledge:item_new": ("get", url("knowledge:item_new"), members_only(200)),
    "knowledge:item_create": ("get", url("knowledge:item_create", lambda p: "good_practice"), members_only(200)),
    "knowledge:item": ("get", url("knowledge:item", item_id), members_only(200)),
    "knowledge:item_edit": ("get", url("knowledge:item_edit", item_id), editors),
    # Without an action nothing changes: back to the item with a message.
    "knowledge:item_status": ("post", url("knowledge:item_status", item_id), content_managers(302)),
    "knowledge:item_versions": ("get", url("knowledge:item_versions", item_id), members_only(200)),
    "knowledge:item_compare": ("get", url("knowledge:item_compare", item_id), members_only(200)),
    "knowledge:item_restore": ("post", url("knowledge:item_restore", item_id, lambda p: 1), editors_post),
    "knowledge:item_markdown": ("get", url("knowledge:item_markdown", item_id), members_only(200)),
    # An empty upload: the form comes back with its errors.
    "knowledge:attachment_add": (
        "post",
        url("knowledge:attachment_add", item_id),
        {person: 400 if answer == 200 else answer for person, answer in editors.items()},
    ),
    "knowledge:attachment": ("get", url("knowledge:attachment", lambda p: p.attachment.pk), members_only(200)),
    "knowledge:attachment_delete": (
        "post",
        url("knowledge:attachment_delete", lambda p: p.attachment.pk),
        editors_post,
    ),
    "knowledge:review": ("get", url("knowledge:review"), content_managers(200)),
    "knowledge:feed": ("get", url("knowledge:feed"), everyone(200)),
    "knowledge:export": ("get", url("knowledge:export"), members_only(200)),
    "knowledge:entry_points": ("get", url("knowledge:entry_points"), content_managers(200)),
    "knowledge:theme_delete": ("post", url("knowledge:theme_delete", lambda p: p.theme.pk), content_managers(302)),
    "knowledge:activity_delete": (
        "post",
        url("knowledge:activity_delete", lambda p: p.activity.pk),
        content_managers(302),
    ),
    "knowledge:transfer": ("get", url("knowledge:transfer"), members_only(200)),
    "knowledge:interview_create": ("get", url("knowledge:interview_create"), members_only(200)),
    "knowledge:interview": ("get", url("knowledge:interview", lambda p: p.interview.pk), members_only(200)),
    "knowledge:interview_edit": ("get", url("knowledge:interview_edit", lambda p: p.interview.pk), editors),
    "knowledge:handover_create": ("get", url("knowledge:handover_create"), members_only(200)),
    "knowledge:handover": ("get", url("knowledge:handover", lambda p: p.handover.pk), members_only(200)),
    "knowledge:handover_edit": ("get", url("knowledge:handover_edit", lambda p: p.handover.pk), editors),
}


# Things of every visibility -------------------------------------------------------------------


def _writer(cast, variant):
    # A core-team-only thing comes from the core team: its author would no longer see it.
    return cast.core_member if variant == Visibility.CORE_TEAM else cast.author


def plant_item(place, variant, marker):
    cast = place.cast
    field_marker = marker.replace("Zq", "ContactZq")
    item = make_item(
        cast,
        author=_writer(cast, variant),
        title=f"{marker} {SEARCHED}",
        visibility=Visibility.MEMBERS if variant == DRAFT else variant,
        publish=variant != DRAFT,
        themes=[place.theme],
        fields={"in_practice": f"{marker} : {SEARCHED} en bout de champ.", "contact_email": f"{field_marker}@ex.test"},
    )
    # The contact's email is for members even on a public practice (knowledge.access.FIELD_VISIBILITY).
    place.reveal(field_marker, SEES[Visibility.MEMBERS] & KINDS["knowledge_item"].seen_by(place.listing, variant))
    return item


def plant_attachment(place, variant, marker):
    cast = place.cast
    if not hasattr(place, "attachments_item"):
        # The item is public: what each attachment shows depends on the attachment's visibility.
        place.attachments_item = make_item(
            cast, author=cast.author, title=f"Fiches {SEARCHED}", visibility=Visibility.PUBLIC
        )
    return services.attachment_add(
        actor=_writer(cast, variant),
        item=place.attachments_item,
        upload=pdf_upload(f"{marker}.pdf"),
        summary=f"{marker} {SEARCHED}",
        visibility=variant,
    )


def plant_interview(place, variant, marker):
    cast = place.cast
    return services.interview_save(
        actor=_writer(cast, variant),
        interview=ContributorInterview(
            community=cast.community,
            interviewee_name=marker,
            held_on=datetime.date(2025, 5, 2),
            questions_answers=f"## {marker}\n{SEARCHED}.",
            visibility=variant,
        ),
    )


def plant_handover(place, variant, marker):
    cast = place.cast
    return services.handover_save(
        actor=_writer(cast, variant),
        handover=Handover(
            community=cast.community,
            title=marker,
            held_on=datetime.date(2025, 6, 1),
            finishing_team=marker,
            starting_teams="Équipe de Marche",
            questions=f"{marker} ?",
            visibility=variant,
        ),
    )


KINDS = {
    "knowledge_item": Kind(
        plant_item,
        variants=[*VISIBILITIES, DRAFT],
        seen=lambda listing, variant: (
            {"author", "content_manager", "core_member", "admin"} if variant == DRAFT else SEES[variant]
        ),
    ),
    "attachment": Kind(plant_attachment),
    "interview": Kind(plant_interview),
    "handover": Kind(plant_handover),
}

OBJECT_ROUTES = {
    "knowledge:item": Route("get", "knowledge_item", thing_url("knowledge:item", pk), everyone(200)),
    "knowledge:item_edit": Route("get", "knowledge_item", thing_url("knowledge:item_edit", pk), editors),
    "knowledge:item_versions": Route("get", "knowledge_item", thing_url("knowledge:item_versions", pk), everyone(200)),
    "knowledge:item_compare": Route("get", "knowledge_item", thing_url("knowledge:item_compare", pk), everyone(200)),
    "knowledge:item_markdown": Route("get", "knowledge_item", thing_url("knowledge:item_markdown", pk), everyone(200)),
    "knowledge:item_status": Route(
        "post", "knowledge_item", thing_url("knowledge:item_status", pk), content_managers(302)
    ),
    "knowledge:item_restore": Route(
        "post", "knowledge_item", thing_url("knowledge:item_restore", pk, lambda p, t: 1), editors_post
    ),
    "knowledge:attachment_add": Route(
        "post",
        "knowledge_item",
        thing_url("knowledge:attachment_add", pk),
        {person: 400 if answer == 200 else answer for person, answer in editors.items()},
    ),
    "knowledge:attachment": Route("get", "attachment", thing_url("knowledge:attachment", pk), everyone(200)),
    # The editors of the attachment's item (a public one, written by the author).
    "knowledge:attachment_delete": Route(
        "post", "attachment", thing_url("knowledge:attachment_delete", pk), editors_post
    ),
    "knowledge:interview": Route("get", "interview", thing_url("knowledge:interview", pk), members_only(200)),
    "knowledge:interview_edit": Route("get", "interview", thing_url("knowledge:interview_edit", pk), editors),
    "knowledge:handover": Route("get", "handover", thing_url("knowledge:handover", pk), members_only(200)),
    "knowledge:handover_edit": Route("get", "handover", thing_url("knowledge:handover_edit", pk), editors),
}
