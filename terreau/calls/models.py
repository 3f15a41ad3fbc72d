import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership, Phase, Theme
from terreau.core.models import Visibility, VisibilityField

# What each visibility means for a call (the generic labels speak of reading, not answering).
CALL_VISIBILITY = [
    (Visibility.PUBLIC, _("Public: anyone with the link may read and answer it")),
    (Visibility.MEMBERS, _("Members of the community only")),
    (Visibility.CORE_TEAM, _("Core team only: a draft nobody else sees yet")),
]


def new_call_token() -> str:
    """An unguessable address for the public page, never all digits (those name a call's id)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.isdigit() and token != "new":
            return token


def site_today():
    """Today in the site's time zone: a call closes at the end of its closing day there."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class Call(models.Model):
    """A call for expressions of interest (appel à manifestation d'intérêt).

    Its public page lives at an unguessable address, so that a private community can
    spread it through mailing lists and word of mouth without making anything findable.
    `visibility` says who may open that page: public (anyone with the link), members,
    or the core team only (a draft being prepared).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text of the call"),
        max_length=20000,
        help_text=_("Who you are looking for, why, and what joining means. Markdown is allowed."),
    )
    closes_on = models.DateField(_("closing date"), help_text=_("Answers are accepted until the end of this day."))
    visibility = VisibilityField(default=Visibility.PUBLIC)
    token = models.CharField(max_length=40, unique=True, default=new_call_token, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("call for expressions of interest")
        verbose_name_plural = _("calls for expressions of interest")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:public", args=[self.community.slug, self.token])

    @property
    def visibility_label(self) -> str:
        return str(dict(CALL_VISIBILITY)[self.visibility])

    @property
    def is_past_closing_date(self) -> bool:
        return site_today() > self.closes_on

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and not self.is_past_closing_date and self.community.phase != Phase.CLOSED


class CallQuestion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Application(models.Model):
    """One person's answer to a call."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("application status", "new")
        ACCEPTED = "accepted", pgettext_lazy("application status", "accepted")
        DECLINED = "declined", pgettext_lazy("application status", "declined")
        CONTACTED = "contacted", pgettext_lazy("application status", "contacted")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    motivation = models.TextField(_("motivation"), max_length=5000)
    engagement = models.CharField(_("engagement wished"), max_length=10, choices=Membership.Engagement.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="applications", verbose_name=_("themes"))
    # The themes an applicant wrote that are not the community's: the applicant's words, kept as
    # written (an outsider's answer never adds a theme to the community).
    other_themes = models.CharField(_("other themes"), max_length=600, blank=True)
    # The questions as they were asked, with the answers: [{"question": ..., "answer": ...}].
    # A copy, so that editing the call's questions later does not change what was answered.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    language = models.CharField(max_length=8, default="fr", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note of the core team"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.name} → {self.call}"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.ACCEPTED, self.Status.DECLINED}

    @property
    def other_theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.other_themes.split(",") if theme.strip()]
