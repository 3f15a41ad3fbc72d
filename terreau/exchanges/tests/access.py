"""Access-matrix entries of the exchanges: questions and answers, help, kudos, feed, facilitation."""

from django.urls import NoReverseMatch, reverse

from terreau.core.models import Visibility
from terreau.exchanges import mailing, services
from tests.access import Kind, Route, everyone, facilitators, members_only, pk, signed_in, thing_url, url


def prepare(place):
    cast = place.cast
    community = cast.community
    place.question = services.question_ask(actor=cast.author, community=community, title="Quel prix pour un panier ?")
    place.answer = services.answer_post(actor=cast.observer, question=place.question, body="Entre 15 et 20 euros.")
    place.help_post = services.help_post_create(
        actor=cast.author, community=community, kind="request", title="Un camion frigorifique"
    )
    place.weekly = services.weekly_message_send(
        actor=cast.facilitator, community=community, subject="La semaine", body="Des nouvelles."
    )
    place.token = mailing.unsubscribe_token(user_id=cast.member.pk, community_id=community.pk, kind="answer")


question_id = lambda p: p.question.pk  # noqa: E731
answer_id = lambda p: p.answer.pk  # noqa: E731
help_id = lambda p: p.help_post.pk  # noqa: E731
# The asker (the author) or a facilitator; the core team and the admin carry the role too.
asker_or_facilitators = {**facilitators(302), "author": 302}
# The asker, the facilitators and the content managers.
may_turn_into_knowledge = {**asker_or_facilitators, "content_manager": 302}

MATRIX = {
    # A public community's questions read without an account (the public ones, see OBJECT_ROUTES).
    "exchanges:questions": (
        "get",
        url("exchanges:questions"),
        members_only(200),
        {"anonymous": 200, "outsider": 200},
    ),
    "exchanges:question_create": ("get", url("exchanges:question_create"), members_only(200)),
    "exchanges:question": ("get", url("exchanges:question", question_id), members_only(200)),
    # Empty POSTs: a vote or a follow without a target is answered with a message on the page.
    "exchanges:answer_vote": ("post", url("exchanges:answer_vote", answer_id), members_only(302)),
    "exchanges:answer_accept": ("post", url("exchanges:answer_accept", answer_id), asker_or_facilitators),
    "exchanges:follow": ("post", url("exchanges:follow"), members_only(302)),
    "exchanges:help_list": ("get", url("exchanges:help_list"), members_only(200)),
    "exchanges:help_create": ("get", url("exchanges:help_create"), members_only(200)),
    "exchanges:help": ("get", url("exchanges:help", help_id), members_only(200)),
    "exchanges:help_step_in": ("post", url("exchanges:help_step_in", help_id), members_only(302)),
    "exchanges:help_status": ("post", url("exchanges:help_status", help_id), asker_or_facilitators),
    "exchanges:kudos": ("get", url("exchanges:kudos"), members_only(200)),
    "exchanges:feed": ("get", url("exchanges:feed"), members_only(200)),
    "exchanges:notifications": ("get", url("exchanges:notifications"), members_only(200)),
    "exchanges:notifications_read": ("post", url("exchanges:notifications_read"), members_only(302)),
    # Email settings belong to a membership: the admin of the cast holds none.
    "exchanges:preferences": ("get", url("exchanges:preferences"), {**members_only(200), "admin": 403}),
    # No sign-in: the signed token is the credential (an empty POST is the one-click unsubscribe).
    "exchanges:unsubscribe": ("post", url("exchanges:unsubscribe", lambda p: p.token), everyone(200)),
    # The draft of the weekly message holds only what every member may see.
    "exchanges:weekly": ("get", url("exchanges:weekly"), facilitators(200)),
    "exchanges:weekly_detail": ("get", url("exchanges:weekly_detail", lambda p: p.weekly.pk), members_only(200)),
    "exchanges:rhythm": ("get", url("exchanges:rhythm"), facilitators(200)),
    "exchanges:policy": ("get", url("exchanges:policy"), facilitators(200)),
    # Empty POST: no type chosen, back to the question with a message.
    "exchanges:question_to_knowledge": (
        "post",
        url("exchanges:question_to_knowledge", question_id),
        may_turn_into_knowledge,
    ),
}


def _global_centre_included() -> bool:
    try:
        reverse("notifications:all")
    except NoReverseMatch:
        return False
    return True


# The notification centre across communities (terreau/exchanges/urls_global.py): entries once
# terreau/urls.py includes it. Every signed-in person has one (an empty one for the outsider).
if _global_centre_included():
    MATRIX["notifications:all"] = ("get", lambda p: reverse("notifications:all"), signed_in(200))
    MATRIX["notifications:read"] = ("post", lambda p: reverse("notifications:read"), signed_in(302))


# Things of every visibility -------------------------------------------------------------------


def _writer(cast, variant):
    # A core-team-only thing comes from the core team: its author would no longer see it.
    return cast.core_member if variant == Visibility.CORE_TEAM else cast.author


def plant_question(place, variant, marker):
    cast = place.cast
    question = services.question_ask(
        actor=_writer(cast, variant),
        community=cast.community,
        title=f"{marker} : comment composter ?",
        body=marker,
        visibility=variant,
    )
    answerer = cast.core_member if variant == Visibility.CORE_TEAM else cast.observer
    question.first_answer = services.answer_post(actor=answerer, question=question, body=f"{marker} en tas.")
    return question


def plant_help_post(place, variant, marker):
    cast = place.cast
    return services.help_post_create(
        actor=_writer(cast, variant),
        community=cast.community,
        kind="offer",
        title=f"{marker} : une broyeuse",
        body=marker,
        visibility=variant,
    )


def plant_kudos(place, variant, marker):
    cast = place.cast
    return services.kudos_give(
        actor=cast.core_member if variant == Visibility.CORE_TEAM else cast.member,
        community=cast.community,
        receiver=cast.membership(cast.author),
        message=f"{marker} : merci pour la carte !",
        visibility=variant,
    )


KINDS = {
    "question": Kind(plant_question),
    "help_post": Kind(plant_help_post),
    # No page of its own: shown on the member's page and in the feed (the scan reads both).
    "kudos": Kind(plant_kudos),
}

answer_of = lambda p, question: question.first_answer.pk  # noqa: E731

OBJECT_ROUTES = {
    # A public question of a public community reads without an account; a private community's
    # questions stay with its members whatever their visibility.
    "exchanges:question": Route(
        "get",
        "question",
        thing_url("exchanges:question", pk),
        lambda listing: everyone(200) if listing == "public" else members_only(200),
    ),
    "exchanges:question_to_knowledge": Route(
        "post", "question", thing_url("exchanges:question_to_knowledge", pk), may_turn_into_knowledge
    ),
    "exchanges:answer_vote": Route(
        "post", "question", thing_url("exchanges:answer_vote", answer_of), members_only(302)
    ),
    "exchanges:answer_accept": Route(
        "post", "question", thing_url("exchanges:answer_accept", answer_of), asker_or_facilitators
    ),
    "exchanges:follow": Route(
        "post",
        "question",
        lambda p, question: reverse("exchanges:follow", args=[p.slug]),
        members_only(302),
        data=lambda p, question: {"question": question.pk},
    ),
    "exchanges:help": Route("get", "help_post", thing_url("exchanges:help", pk), members_only(200)),
    "exchanges:help_step_in": Route("post", "help_post", thing_url("exchanges:help_step_in", pk), members_only(302)),
    "exchanges:help_status": Route("post", "help_post", thing_url("exchanges:help_status", pk), asker_or_facilitators),
}
