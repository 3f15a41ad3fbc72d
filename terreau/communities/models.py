import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.core.models import VisibilityField

from . import themes

CORE_TEAM_MIN = 2
CORE_TEAM_MAX = 6


class Phase(models.TextChoices):
    """The lifecycle of a community of practice, as the guide describes it."""

    DEFINE = "define", pgettext_lazy("lifecycle phase", "Define")
    DESIGN = "design", pgettext_lazy("lifecycle phase", "Design")
    LAUNCH = "launch", pgettext_lazy("lifecycle phase", "Launch")
    RUN = "run", pgettext_lazy("lifecycle phase", "Run and grow")
    CLOSE = "close", pgettext_lazy("lifecycle phase", "Close")
    CLOSED = "closed", pgettext_lazy("lifecycle phase", "Closed")


class Community(models.Model):
    class Listing(models.TextChoices):
        PUBLIC = "public", _("Public: listed, anyone signed in may join")
        PRIVATE = "private", _("Private: not listed, joining needs the core team's approval")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short address"),
        max_length=60,
        unique=True,
        help_text=_("Used in the address of the community: letters, digits and hyphens."),
        error_messages={"unique": _("Another community already uses this short address.")},
    )
    purpose = models.TextField(_("purpose"), help_text=_("Why this community exists, in a few sentences."))
    listing = models.CharField(_("listing"), max_length=8, choices=Listing.choices, default=Listing.PUBLIC)
    phase = models.CharField(_("lifecycle phase"), max_length=8, choices=Phase.choices, default=Phase.DEFINE)
    # The community's events are set and shown in this zone (their series' rules expanded in it).
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    # When the community was closed (lifecycle sets it with the phase, and clears it on reopening):
    # its pages say since when it is read-only.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The community's page gathers what the features show, so terreau.overview draws it.
        return reverse("overview:community", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.listing == self.Listing.PUBLIC


class Theme(models.Model):
    """A theme of the community. Questions, follows, knowledge items, applications and actions
    point to it, so that renaming it keeps every one of them."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=themes.NAME_MAX)
    # The name without case, accents or punctuation (themes.theme_slug): unique in the community,
    # so that "Vente directe" and "vente-directe" are one theme.
    slug = models.SlugField(_("short name"), max_length=160, allow_unicode=True, editable=False)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="one_theme_per_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = themes.theme_slug(self.name) or self.slug
        super().save(*args, **kwargs)

    def clean(self):
        self.name = " ".join(self.name.split())
        self.slug = themes.theme_slug(self.name)
        if self.name and not self.slug:
            raise ValidationError({"name": _("Give the theme a name with letters or digits.")})
        # Checked here rather than left to the constraint: the slug is no field of a form.
        clash = Theme.objects.filter(community_id=self.community_id, slug=self.slug).exclude(pk=self.pk).first()
        if self.slug and clash is not None:
            raise ValidationError({"name": _("The community already has this theme: %(name)s.") % {"name": clash.name}})


class Membership(models.Model):
    class Category(models.TextChoices):
        PERMANENT = "permanent", _("Permanent member")
        RESOURCE_PERSON = "resource_person", _("Guest: resource person")
        EXPERT = "expert", _("Guest: expert")

    class Engagement(models.TextChoices):
        # The guide's four kinds of engagement.
        DRIVER = "driver", pgettext_lazy("engagement", "Driver")
        CARRIER = "carrier", pgettext_lazy("engagement", "Carrier")
        RESOURCE = "resource", pgettext_lazy("engagement", "Resource")
        OBSERVER = "observer", pgettext_lazy("engagement", "Observer")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("membership status", "active")
        LEFT = "left", pgettext_lazy("membership status", "left")
        REMOVED = "removed", pgettext_lazy("membership status", "removed")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.PERMANENT)
    engagement = models.CharField(
        _("engagement"), max_length=10, choices=Engagement.choices, default=Engagement.OBSERVER
    )
    is_core_team = models.BooleanField(_("core team"), default=False)
    sponsor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored",
        verbose_name=_("sponsor"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_person")]
        indexes = [models.Index(fields=["community", "status", "is_core_team"])]

    def __str__(self):
        return f"{self.user} – {self.community}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_guest(self) -> bool:
        return self.category != self.Category.PERMANENT


ENGAGEMENT_HELP = {
    Membership.Engagement.DRIVER: _(
        "Take part in creating and developing the community, or take charge of a strategic axis or a role."
    ),
    Membership.Engagement.CARRIER: _("Take part regularly in one or more of the community's working groups."),
    Membership.Engagement.RESOURCE: _("Take part now and then: lend a hand to the project."),
    Membership.Engagement.OBSERVER: _("Be kept informed of the community's activities without taking part."),
}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.TERREAU_INVITATION_DAYS)


class Invitation(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    category = models.CharField(
        _("category"), max_length=16, choices=Membership.Category.choices, default=Membership.Category.PERMANENT
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    core_team = models.BooleanField(
        _("join the core team"), default=False, help_text=_("To seat the first core team of a new community.")
    )
    # What an applicant to a call already told the core team: their engagement becomes the
    # membership's, their name and organisation fill the sign-up form.
    engagement = models.CharField(
        _("engagement"), max_length=10, choices=Membership.Engagement.choices, blank=True, editable=False
    )
    name = models.CharField(_("name"), max_length=120, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The email that carries the link: its sender sees on the invitations page if it failed.
    outgoing_email = models.ForeignKey(
        "emails.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.community}"

    def get_absolute_url(self):
        return reverse("communities:invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message to the core team"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.community}"


class RoleKind(models.TextChoices):
    """The guide's roles; CUSTOM for those a core team adds."""

    FACILITATION = "facilitation", _("Facilitation")
    CONTENT = "content", _("Content management")
    RESOURCE_PERSON = "resource_person", _("Subject resource person")
    COMMUNICATION = "communication", _("Communication")
    IT_TOOLS = "it_tools", _("IT tools")
    LOGISTICS = "logistics", _("Logistics")
    WATCH = "watch", _("External watch")
    FORMALISATION = "formalisation", _("Content formalisation")
    CUSTOM = "custom", _("Other role")


# Description and hours a month of each guide role. The guide asks to be clear
# beforehand about what each role takes; facilitation is its "one hour a week".
GUIDE_ROLES = {
    RoleKind.FACILITATION: (
        _(
            "Encourage and ease exchanges and conversations, make sure people contribute, "
            "see that working-group coordinators keep their group's information up to date."
        ),
        4,
    ),
    RoleKind.CONTENT: (_("Document, organise and keep the community's knowledge up to date."), 3),
    RoleKind.RESOURCE_PERSON: (_("Help members solve problems in a particular field."), 2),
    RoleKind.COMMUNICATION: (_("Make the community known and inform members and the wider world about it."), 2),
    RoleKind.IT_TOOLS: (_("Provide and maintain the collaboration tools, and help people use them."), 2),
    RoleKind.LOGISTICS: (_("Organise and set up the community's events."), 3),
    RoleKind.WATCH: (
        _("Collect information from the outside world related to the community's scope and digest it."),
        2,
    ),
    RoleKind.FORMALISATION: (_("Extract, formalise and summarise the pieces of knowledge members bring."), 2),
}


class Role(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("kind"), max_length=16, choices=RoleKind.choices, default=RoleKind.CUSTOM)
    # Left empty for a guide role, so that it shows in each reader's language until edited.
    name = models.CharField(_("name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    hours_per_month = models.DecimalField(
        _("hours per month"), max_digits=5, decimal_places=1, default=2, help_text=_("The time the role asks.")
    )
    visibility = VisibilityField()
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["position", "id"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or str(RoleKind(self.kind).label)

    @property
    def display_description(self) -> str:
        if self.description:
            return self.description
        guide = GUIDE_ROLES.get(self.kind)
        return str(guide[0]) if guide else ""

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class RoleAssignment(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="role_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # The end of the term an election (or the core team) gave; empty for a role held until released.
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["role", "membership"], name="one_assignment_per_role")]

    def __str__(self):
        return f"{self.role} – {self.membership.user}"
