"""Defining a community: who has a stake in it, what it is for, where it stops.

The guide's chapter "Définir la communauté": the stakeholder map with the
conversations held with them ("Ne devinez pas les besoins : parlez-en avec
elles"), the objectives (any mix of four kinds), the scope, the existing
networks on the theme, and who is a member, a guest, or not part of it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility, VisibilityField

# On the 1-5 scales, 4 and 5 count as high: a 3 is the middle, not a reason to act.
HIGH_FROM = 4


class StakeholderKind(models.TextChoices):
    LAG = "lag", _("Local Action Group")
    MUNICIPALITY = "municipality", _("Municipality")
    PRODUCER = "producer", _("Farmer or producer")
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Public body")
    BUSINESS = "business", _("Business")
    NETWORK = "network", _("Network")
    EXPERT = "expert", _("Expert")
    OTHER = "other", pgettext_lazy("stakeholder kind", "Other")


class Scale(models.IntegerChoices):
    VERY_LOW = 1, _("1 – very low")
    LOW = 2, _("2 – low")
    MEDIUM = 3, _("3 – medium")
    HIGH = 4, _("4 – high")
    VERY_HIGH = 5, _("5 – very high")


class Quadrant(models.TextChoices):
    """Where a stakeholder falls on the interest × influence grid, and what that asks of the core team."""

    INVOLVE_CLOSELY = "involve_closely", _("Keep closely involved")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")

    @classmethod
    def of(cls, *, interest: int, influence: int) -> "Quadrant":
        high_interest, high_influence = interest >= HIGH_FROM, influence >= HIGH_FROM
        if high_influence:
            return cls.INVOLVE_CLOSELY if high_interest else cls.KEEP_SATISFIED
        return cls.KEEP_INFORMED if high_interest else cls.MONITOR


_scale = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=StakeholderKind.choices, default=StakeholderKind.OTHER)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("An email address or a phone number.")
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        choices=Scale.choices,
        default=Scale.MEDIUM,
        validators=_scale,
        help_text=_("How much the community's theme matters to them."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        choices=Scale.choices,
        default=Scale.MEDIUM,
        validators=_scale,
        help_text=_("How much they can help or hinder the community."),
    )
    involve = models.BooleanField(
        _("involve them"), default=False, help_text=_("Whether the core team wants them in the community.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    # Contacts and opinions about people: the core team's until it decides to share them.
    visibility = VisibilityField(default=Visibility.CORE_TEAM)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Not stored: the number selectors.stakeholder_map() gives it, the same on the grid and in the table.
    number: int

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "organisation", "id"]
        indexes = [models.Index(fields=["community", "name"])]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def get_absolute_url(self):
        return reverse("definition:stakeholder", args=[self.community.slug, self.pk])

    @property
    def quadrant(self) -> Quadrant:
        return Quadrant.of(interest=self.interest, influence=self.influence)


class StakeholderConversation(models.Model):
    """A conversation with a stakeholder about their challenges, needs and expectations."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("core team member"),
    )
    spoken_by = models.CharField(
        _("or someone else"),
        max_length=150,
        blank=True,
        help_text=_("The name of whoever spoke with them, if not a member of the core team."),
    )
    challenges = models.TextField(_("their challenges"), blank=True, max_length=5000)
    needs = models.TextField(_("their needs"), blank=True, max_length=5000)
    expectations = models.TextField(_("their expectations"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.stakeholder} – {self.held_on}"

    def clean(self):
        errors = {}
        if self.membership_id is None and not self.spoken_by.strip():
            errors["spoken_by"] = _("Say who spoke with them: a member of the core team or someone else.")
        if not (self.challenges.strip() or self.needs.strip() or self.expectations.strip()):
            errors["needs"] = _("Write down at least their challenges, their needs or their expectations.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A conversation cannot be in the future. Note it once it has taken place.")
        if errors:
            raise ValidationError(errors)

    @property
    def speaker_name(self) -> str:
        if self.membership_id is not None:
            return self.membership.user.display_name
        return self.spoken_by


class ObjectiveKind(models.TextChoices):
    """The guide's four kinds of community; a community may pursue any mix of them."""

    MUTUAL_HELP = "mutual_help", _("Mutual help")
    PROVEN_PRACTICES = "proven_practices", _("Proven practices")
    CONTENT = "content", _("Content")
    INNOVATION = "innovation", _("Innovation")


OBJECTIVE_HELP: dict[str, StrOrPromise] = {
    ObjectiveKind.MUTUAL_HELP: _(
        "Members answer each other's questions and exchange and share experience and knowledge."
    ),
    ObjectiveKind.PROVEN_PRACTICES: _(
        "The community capitalises on good practices and spreads proven practices, lessons learned and know-how."
    ),
    ObjectiveKind.CONTENT: _(
        "The community makes content on its field available and keeps a valid, relevant body of knowledge up to date."
    ),
    ObjectiveKind.INNOVATION: _("The community creates and produces new know-how and knowledge."),
}


class CommunityDefinition(models.Model):
    """The answers that exist once per community: why, objectives, scope, unique value, who belongs.

    The one place they are written: the workspace's questions on them point here, and the
    charter's first draft starts from here.
    """

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="definition")
    why = models.TextField(
        _("why a community of practice"),
        blank=True,
        max_length=10000,
        help_text=_(
            "Which challenges and expectations of the theme's stakeholders a community of practice can answer."
        ),
    )
    objectives_summary = models.TextField(
        _("the objectives in a few words"),
        blank=True,
        max_length=10000,
        help_text=_("How the objectives below fit together: which matters most, what may come later."),
    )
    scope = models.TextField(
        _("scope"),
        blank=True,
        max_length=10000,
        help_text=_(
            "Which key issues of the target population the community takes on, flexible enough "
            "to welcome new ones along the way."
        ),
    )
    unique_value = models.TextField(
        _("unique value"),
        blank=True,
        max_length=10000,
        help_text=_("What this community offers its members that the existing networks and communities do not."),
    )
    permanent_members = models.TextField(
        _("permanent members"), blank=True, max_length=5000, help_text=_("Who the permanent members are.")
    )
    guests = models.TextField(
        _("guests"), blank=True, max_length=5000, help_text=_("Which guests: resource persons, experts.")
    )
    not_members = models.TextField(
        _("not part of the community"),
        blank=True,
        max_length=5000,
        help_text=_("Who is explicitly not part of the community."),
    )
    visibility = VisibilityField()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community definition")
        verbose_name_plural = _("community definitions")

    def __str__(self):
        return str(self.community)


class Objective(models.Model):
    """One of the four kinds the community pursues, with its goals. Shown with the definition."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("kind"), max_length=16, choices=ObjectiveKind.choices)
    goals = models.TextField(_("goals"), max_length=10000)
    # Not stored: selectors.definition_for() sets its kind's help (OBJECTIVE_HELP) for the page.
    help: StrOrPromise

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [models.UniqueConstraint(fields=["community", "kind"], name="one_objective_per_kind")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def position(self) -> int:
        return list(ObjectiveKind.values).index(self.kind)


class ExistingNetwork(models.Model):
    """A network or community already working on the theme. Shown with the definition."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="existing_networks")
    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("link"), blank=True, max_length=500)
    relation = models.TextField(
        _("how they relate"),
        blank=True,
        max_length=3000,
        help_text=_("What they do, and how this community stands beside them: overlap, partner, complement."),
    )
    # The guide's "faire grandir": a partner to connect with, an outside support to ask.
    brings = models.TextField(
        _("what it brings"),
        blank=True,
        max_length=3000,
        help_text=_("What this network can bring the community: expertise, contacts, funding, a venue, an audience."),
    )

    class Meta:
        verbose_name = _("existing network")
        verbose_name_plural = _("existing networks")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
