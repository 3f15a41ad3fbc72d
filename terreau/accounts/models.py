from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What signs the contributions of a deleted account, in the reader's language.
NEUTRAL_NAME = _("Former member")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person: the email is the identity; the profile travels with them across communities."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    organisation = models.CharField(
        _("organisation / LAG"), max_length=200, blank=True, help_text=_("For example: GAL Entre-Sambre-et-Meuse")
    )
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = models.CharField(
        _("expertise themes"),
        max_length=300,
        blank=True,
        help_text=_("Separate themes with commas, for example: short food chains, tourism"),
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Set when the account was deleted (accounts.services.account_erase): the row stays, anonymised,
    # so that what the person gave keeps an author, the neutral name.
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    objects = UserManager()

    # The sweep of a deleted account's name (core.personal_data.scrub) leaves other people's
    # names alone: a namesake keeps theirs. The deleted account's own row is rewritten by
    # accounts.services.account_erase.
    PERSONAL_DATA_KEEP = ("display_name", "email")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]

    def __str__(self):
        if self.erased_at is not None:
            return str(NEUTRAL_NAME)
        return self.display_name or self.email

    @property
    def expertise_list(self) -> list[str]:
        return [theme.strip() for theme in self.expertise.split(",") if theme.strip()]

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def needs_second_factor(self) -> bool:
        """Platform admins, and anyone who may enter the Django admin, sign in with a second factor."""
        return self.is_active and (self.is_superuser or self.is_staff)


class Consent(models.Model):
    """A person accepted a version of the terms of use or of the privacy notice, at a date."""

    class Document(models.TextChoices):
        TERMS = "terms", _("terms of use")
        PRIVACY = "privacy", _("privacy notice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    document = models.CharField(_("document"), max_length=8, choices=Document.choices)
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "document", "version"], name="consent_once_per_version")]

    def __str__(self):
        return f"{self.user}: {self.document} {self.version}"
