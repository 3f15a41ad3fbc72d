"""Circles: the guide's structure of a community, autonomous and interdependent groups tied by the double link.

The core team, the steering circle and the working groups (thematic groups, projects) are circles,
nestable under a parent. The double link: a circle's lead link is named by its parent circle, its
representative is elected by the circle itself, and both take part in the parent's work.

The core team's circle takes its members from the memberships' core-team flag (the one truth that
the permission policy reads, and the 2-to-6 rule keeps); the other circles hold theirs in `CircleMember`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.core.models import VisibilityField


class CircleKind(models.TextChoices):
    CORE_TEAM = "core_team", pgettext_lazy("circle kind", "Core team")
    STEERING = "steering", pgettext_lazy("circle kind", "Steering circle")
    WORKING_GROUP = "working_group", pgettext_lazy("circle kind", "Working group")
    PROJECT = "project", pgettext_lazy("circle kind", "Project")


class Joining(models.TextChoices):
    """How a member of the community comes into the circle."""

    OPEN = "open", _("Open: any member may join")
    ON_REQUEST = "on_request", _("On request: the coordinator accepts")
    APPOINTED = "appointed", _("Appointed: the parent circle names its members")


class Circle(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="circles")
    kind = models.CharField(_("kind"), max_length=16, choices=CircleKind.choices, default=CircleKind.WORKING_GROUP)
    # Left empty for the core team's circle, so that it shows in each reader's language.
    name = models.CharField(_("name"), max_length=120, blank=True)
    purpose = models.TextField(_("purpose"), blank=True, max_length=5000, help_text=_("Why this circle exists."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent circle"),
    )
    # The group's information, kept up to date by its coordinator (Markdown).
    information = models.TextField(_("the group's information"), blank=True, max_length=20000)
    information_updated_at = models.DateTimeField(_("information updated"), null=True, blank=True)
    joining = models.CharField(_("joining"), max_length=12, choices=Joining.choices, default=Joining.OPEN)
    visibility = VisibilityField()
    # The double link.
    lead_link = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead link"),
        help_text=_("Named by the parent circle; carries the parent's expectations into this circle."),
    )
    representative = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative"),
        help_text=_("Elected by this circle; carries its voice into the parent circle."),
    )
    # Raised on each save: an edit made from an older page is detected, not overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"], condition=models.Q(kind="core_team"), name="one_core_team_circle"
            )
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("circles:detail", args=[self.community.slug, self.pk])

    @property
    def display_name(self) -> str:
        return self.name or str(CircleKind(self.kind).label)

    @property
    def is_core_team(self) -> bool:
        return self.kind == CircleKind.CORE_TEAM


class CircleMember(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="circle_memberships"
    )
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("circle member")
        verbose_name_plural = _("circle members")
        constraints = [models.UniqueConstraint(fields=["circle", "membership"], name="one_circle_member")]

    def __str__(self):
        return f"{self.membership} – {self.circle}"


class CircleRequest(models.Model):
    """A member's request to join a circle whose joining is on request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="requests")
    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the coordinator"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("circle request")
        verbose_name_plural = _("circle requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "membership"],
                condition=models.Q(status="pending"),
                name="one_pending_circle_request",
            )
        ]

    def __str__(self):
        return f"{self.membership} → {self.circle}"
