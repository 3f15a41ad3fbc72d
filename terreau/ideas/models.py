from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Theme
from terreau.core.models import VisibilityField

TITLE_MAX = 200
TEXT_MAX = 10_000
ANSWER_MAX = 2_000


class Idea(models.Model):
    """An idea of the community's idea box: proposed by a member, supported by others, answered by
    the core team (taken up, not now, no, with a word), and possibly carried on as an action of
    the action plan or as a proposal for a consent decision."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("idea status", "Waiting for an answer")
        TAKEN_UP = "taken_up", pgettext_lazy("idea status", "Taken up")
        NOT_NOW = "not_now", pgettext_lazy("idea status", "Not now")
        DECLINED = "declined", pgettext_lazy("idea status", "No")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("the idea"), max_length=TEXT_MAX, help_text=_("What you propose, and why."))
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name=_("theme")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    visibility = VisibilityField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("the core team's word"), max_length=ANSWER_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Kept with each support and withdrawal, so lists sort by it without counting.
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    # The action of the action plan it became (launch); the action's description links back.
    action = models.ForeignKey(
        "launch.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    # The proposal (consent decision) it became: its address, pasted by the core team.
    proposal_url = models.CharField(_("address of the proposal"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "status", "created_at"]),
            models.Index(fields=["community", "supports_count"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", args=[self.community.slug, self.pk])

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.OPEN


class Support(models.Model):
    """One member's support of an idea: at most one each, taken back at will."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(_("supported"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_member")]

    def __str__(self):
        return f"{self.user} → {self.idea}"
