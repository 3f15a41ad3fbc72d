from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]

    def __str__(self):
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
