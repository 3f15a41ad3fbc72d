"""What the exchanges hold of a person (see core.personal_data)."""

from django.db.models import Q

from terreau import permissions
from terreau.core import personal_data

from . import models
from .services.mentions import handle


def exporter(user) -> personal_data.Export:
    dump = personal_data.dump
    return personal_data.Export(
        {
            "questions": dump(permissions.visible_rows(user, models.Question.objects.filter(author=user))),
            "answers": dump(
                models.Answer.objects.filter(
                    author=user, question__in=permissions.visible_rows(user, models.Question.objects.all())
                )
            ),
            "useful_votes": dump(models.UsefulVote.objects.filter(voter=user)),
            "help_posts": dump(permissions.visible_rows(user, models.HelpPost.objects.filter(author=user))),
            "help_steps": dump(models.HelpStep.objects.filter(person=user)),
            "kudos_given": dump(permissions.visible_rows(user, models.Kudos.objects.filter(giver=user))),
            "kudos_received": dump(permissions.visible_rows(user, models.Kudos.objects.filter(receiver=user))),
            "follows": dump(models.Follow.objects.filter(follower=user)),
            "notifications": dump(models.Notification.objects.filter(recipient=user)),
            "notification_preferences": dump(models.NotificationPreference.objects.filter(membership__user=user)),
            "weekly_messages": dump(models.WeeklyMessage.objects.filter(author=user)),
            "feed": dump(permissions.visible_rows(user, models.FeedItem.objects.filter(actor=user))),
        }
    )


def needles(user) -> list[str]:
    """How others mentioned the person: `@zoe-martin` (the handle offered), `@Zoé-Martin` (typed)."""
    return [f"@{handle(user)}", "@" + "-".join(user.display_name.split())]


def eraser(user, neutral_name: str) -> None:
    # What was the person's alone goes; what they gave the community stays, signed by the neutral
    # name through the anonymised account.
    models.Notification.objects.filter(recipient=user).delete()
    models.Follow.objects.filter(Q(follower=user) | Q(member=user)).delete()
    models.NotificationPreference.objects.filter(membership__user=user).delete()
    models.SentMessage.objects.filter(recipient=user).delete()
    # The sentences keep their parameters: the name the person had is replaced wherever it was
    # put, even when it is too short for the sweep (core.personal_data.SWEEP_MIN_LENGTH).
    name = user.display_name
    for model, person in ((models.FeedItem, "actor"), (models.Notification, "actor")):
        for row in model.objects.filter(**{person: user}).only("pk", "params"):
            params = {
                key: neutral_name if key in {"name", "giver", "receiver"} and value == name else value
                for key, value in (row.params or {}).items()
            }
            if params != row.params:
                model.objects.filter(pk=row.pk).update(params=params)
