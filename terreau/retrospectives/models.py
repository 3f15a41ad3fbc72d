"""The guide's retrospective ("si c'était à refaire..."): five columns of cards that members post,
group and vote on, asynchronously or live in a meeting; its result becomes a record of the
community (`Retrospective.record`, kept in the archive)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community
from terreau.core.models import VisibilityField

TITLE_MAX = 200
CARD_MAX = 1_000
RECORD_MAX = 20_000


class Column(models.TextChoices):
    """The guide's five questions, in its order."""

    KEEP = "keep", pgettext_lazy("retrospective column", "Keep")
    STOP = "stop", pgettext_lazy("retrospective column", "Stop")
    ADD = "add", pgettext_lazy("retrospective column", "Add")
    MORE = "more", pgettext_lazy("retrospective column", "More of")
    LESS = "less", pgettext_lazy("retrospective column", "Less of")


# The guide's question under each column ("si c'était à refaire...").
QUESTIONS = {
    Column.KEEP: _("What would we keep?"),
    Column.STOP: _("What would we stop doing?"),
    Column.ADD: _("What would we do that is new?"),
    Column.MORE: _("What would we do more of?"),
    Column.LESS: _("What would we do less of?"),
}


class Retrospective(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("retrospective status", "Open for cards")
        VOTING = "voting", pgettext_lazy("retrospective status", "Voting")
        DONE = "done", pgettext_lazy("retrospective status", "Done")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="retrospectives")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    visibility = VisibilityField()
    votes_per_member = models.PositiveSmallIntegerField(_("votes per member"), default=5)
    # The result, written when the retrospective ends: what the community keeps of it (Markdown).
    record = models.TextField(_("record"), max_length=RECORD_MAX, blank=True)
    recorded_at = models.DateTimeField(_("record written"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Bumped by every change of state: two facilitators acting at once are told, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("retrospectives:detail", args=[self.community.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_voting(self) -> bool:
        return self.status == self.Status.VOTING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class CardGroup(models.Model):
    """Cards of one column that say the same thing, gathered under one title."""

    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="groups")
    column = models.CharField(_("column"), max_length=5, choices=Column.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    # Votes counted by hand in a meeting (live mode), added to the members' own.
    hand_votes = models.PositiveIntegerField(_("votes counted in the room"), default=0)

    class Meta:
        verbose_name = _("group of cards")
        verbose_name_plural = _("groups of cards")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Card(models.Model):
    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(_("column"), max_length=5, choices=Column.choices)
    text = models.TextField(_("card"), max_length=CARD_MAX)
    group = models.ForeignKey(
        CardGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards", verbose_name=_("group")
    )
    # Nobody: typed by the facilitator for the room in a meeting, or its author's account erased.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hand_votes = models.PositiveIntegerField(_("votes counted in the room"), default=0)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["pk"]
        indexes = [models.Index(fields=["retrospective", "column"])]

    def __str__(self):
        return self.text[:60]


class Vote(models.Model):
    """One of a member's votes, on a card or on a group (a group counts its cards' votes and its own)."""

    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    group = models.ForeignKey(CardGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # A member may put several of their votes on one card; only an active member's votes count
    # (see selectors), so that a member who left weighs no more.

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(card__isnull=False, group__isnull=True)
                | models.Q(card__isnull=True, group__isnull=False),
                name="retrospective_vote_on_a_card_or_a_group",
            )
        ]
        indexes = [models.Index(fields=["retrospective", "voter"])]

    def __str__(self):
        return f"{self.voter} → {self.card or self.group}"
