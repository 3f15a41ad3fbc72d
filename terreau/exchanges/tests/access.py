"""Access-matrix entries of the exchanges (the cast's community is private)."""

from terreau.exchanges import mailing, services
from tests.access import everyone, members_only, url


def facilitators_only(code):
    """The facilitation role, the core team and the platform admin."""
    return {**members_only(403), "facilitator": code, "core_member": code, "admin": code}


def prepare(world):
    cast = world.cast
    community = cast.community
    world.question = services.question_ask(actor=cast.member, community=community, title="Quel prix pour un panier ?")
    world.answer = services.answer_post(actor=cast.observer, question=world.question, body="Entre 15 et 20 euros.")
    world.help_post = services.help_post_create(
        actor=cast.member, community=community, kind="request", title="Un camion frigorifique"
    )
    world.weekly = services.weekly_message_send(
        actor=cast.facilitator, community=community, subject="La semaine", body="Des nouvelles."
    )
    world.token = mailing.unsubscribe_token(user_id=cast.member.pk, community_id=community.pk, kind="answer")


question_id = lambda w: w.question.pk  # noqa: E731
answer_id = lambda w: w.answer.pk  # noqa: E731
help_id = lambda w: w.help_post.pk  # noqa: E731

MATRIX = {
    "exchanges:questions": ("get", url("exchanges:questions"), members_only(200)),
    "exchanges:question_create": ("get", url("exchanges:question_create"), members_only(200)),
    "exchanges:question": ("get", url("exchanges:question", question_id), members_only(200)),
    # Empty POSTs: a vote or a follow without a target is answered with a message on the page.
    "exchanges:answer_vote": ("post", url("exchanges:answer_vote", answer_id), members_only(302)),
    # The asker (the member) or a facilitator; the core team and the admin carry the role too.
    "exchanges:answer_accept": (
        "post",
        url("exchanges:answer_accept", answer_id),
        {**facilitators_only(302), "member": 302},
    ),
    "exchanges:follow": ("post", url("exchanges:follow"), members_only(302)),
    "exchanges:help_list": ("get", url("exchanges:help_list"), members_only(200)),
    "exchanges:help_create": ("get", url("exchanges:help_create"), members_only(200)),
    "exchanges:help": ("get", url("exchanges:help", help_id), members_only(200)),
    "exchanges:help_step_in": ("post", url("exchanges:help_step_in", help_id), members_only(302)),
    "exchanges:help_status": (
        "post",
        url("exchanges:help_status", help_id),
        {**facilitators_only(302), "member": 302},
    ),
    "exchanges:kudos": ("get", url("exchanges:kudos"), members_only(200)),
    "exchanges:feed": ("get", url("exchanges:feed"), members_only(200)),
    "exchanges:notifications": ("get", url("exchanges:notifications"), members_only(200)),
    "exchanges:notifications_read": ("post", url("exchanges:notifications_read"), members_only(302)),
    # Email settings belong to a membership: the admin of the cast holds none.
    "exchanges:preferences": ("get", url("exchanges:preferences"), {**members_only(200), "admin": 403}),
    # No sign-in: the signed token is the credential (an empty POST is the one-click unsubscribe).
    "exchanges:unsubscribe": ("post", url("exchanges:unsubscribe", lambda w: w.token), everyone(200)),
    "exchanges:weekly": ("get", url("exchanges:weekly"), facilitators_only(200)),
    "exchanges:weekly_detail": ("get", url("exchanges:weekly_detail", lambda w: w.weekly.pk), members_only(200)),
    "exchanges:rhythm": ("get", url("exchanges:rhythm"), facilitators_only(200)),
    "exchanges:policy": ("get", url("exchanges:policy"), facilitators_only(200)),
}
# Empty POST: no type chosen, back to the question with a message. The asker (the member),
# the facilitators and the content managers (core team, admin).
MATRIX["exchanges:question_to_knowledge"] = (
    "post",
    url("exchanges:question_to_knowledge", question_id),
    {**facilitators_only(302), "member": 302},
)


def _global_centre_included() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("notifications:all")
    except NoReverseMatch:
        return False
    return True


# The notification centre across communities (terreau/exchanges/urls_global.py): entries once
# terreau/urls.py includes it. Every signed-in person has one (an empty one for the outsider).
if _global_centre_included():
    from tests.access import signed_in

    MATRIX["notifications:all"] = ("get", lambda w: reverse_global("notifications:all"), signed_in(200))
    MATRIX["notifications:read"] = ("post", lambda w: reverse_global("notifications:read"), signed_in(302))


def reverse_global(name):
    from django.urls import reverse

    return reverse(name)
