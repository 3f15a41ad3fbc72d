"""The close phase's records: the recognition document and the organisations the knowledge goes to."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community
from terreau.core.models import VisibilityField

TEXT_MAX = 50_000


class Recognition(models.Model):
    """The synthesis that recognises the community's work and the people who carried it: generated
    from its life (purpose, figures, practices and lessons, decisions, contributors thanked), then
    edited by the core team before it is published as a page and as .odt and .docx."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="recognition")
    title = models.CharField(_("title"), max_length=200)
    # Markdown, the headings of the generated draft kept as the core team edits it.
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    visibility = VisibilityField()
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Bumped by every save: two editors at once are told, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("recognition document")
        verbose_name_plural = _("recognition documents")

    def __str__(self):
        return self.title


class Recipient(models.Model):
    """An organisation interested in the community's knowledge, and what it was given."""

    class Access(models.TextChoices):
        ARCHIVE = "archive", pgettext_lazy("transfer access", "The archive, to download")
        READ = "read", pgettext_lazy("transfer access", "A read access to the archive online")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="recipients")
    # From the stakeholder map when it came from there (definition.Stakeholder's pk), else added here.
    stakeholder_id = models.PositiveIntegerField(null=True, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    why = models.TextField(_("why it interests them"), max_length=2_000, blank=True)
    access = models.CharField(_("given"), max_length=8, choices=Access.choices, blank=True)
    scope = models.CharField(_("scope"), max_length=8, blank=True)  # archive.models.Scope
    # The secret of the link the organisation is given.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    given_at = models.DateTimeField(_("given"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("taken back"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("recipient organisation")
        verbose_name_plural = _("recipient organisations")
        ordering = ["organisation", "pk"]

    def __str__(self):
        return self.organisation

    def get_absolute_url(self):
        return reverse("closing:transfer", args=[self.community.slug])

    @property
    def is_given(self) -> bool:
        return self.given_at is not None and self.revoked_at is None


class Closure(models.Model):
    """The close itself: who closed the community, and when its members were told where the archive is
    (once, whatever archives are built after)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="closure")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When: Community.closed_at (the lifecycle sets it, and clears it if the close is undone).
    members_told_at = models.DateTimeField(_("members told"), null=True, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self):
        return str(self.community)
