"""The knowledge base: typed items tagged with the guide's three entry points, their versions,
attachments, and the records of the transfer workshops (contributor interviews, handovers)."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership, Theme
from terreau.core.models import VisibilityField

from .item_types import ItemType

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ItemStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("knowledge item status", "Draft")
    PUBLISHED = "published", pgettext_lazy("knowledge item status", "Published")
    ARCHIVED = "archived", pgettext_lazy("knowledge item status", "Archived")


class ActivityTag(models.Model):
    """The third entry point: the community activity an item comes from."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        EVENT = "event", _("Event")
        PROJECT = "project", _("Project")
        COMMUNITY = "community", _("The community as a whole")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="knowledge_activities")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORKING_GROUP)
    # The working group or project this activity is: its items show on the circle's page.
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_activities",
        verbose_name=_("circle"),
    )

    class Meta:
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")
        ordering = ["kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="knowledge_one_activity_per_name")]

    def __str__(self):
        return self.name


class KnowledgeItem(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="knowledge_items")
    type = models.CharField(_("type of information"), max_length=16, choices=ItemType.choices)
    title = models.CharField(_("title"), max_length=200)
    # The type's own fields (see item_types.FIELD_FORMS), validated by the type's template in the services.
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    contact = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    needs_review = models.BooleanField(_("needs review"), default=False)
    visibility = VisibilityField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="knowledge_items", verbose_name=_("themes"))
    activity = models.ForeignKey(
        ActivityTag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("community activity"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # What the search reads besides the title, split by who may read it (services.search_texts):
    # every reader of the item; only readers who see members' things; only the core team.
    search_text = models.TextField(blank=True, editable=False)
    search_text_members = models.TextField(blank=True, default="", editable=False)
    search_text_core = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "visibility", "type"]),
            models.Index(fields=["community", "updated_at"]),
            models.Index(fields=["community", "published_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:item", args=[self.community.slug, self.pk])


class KnowledgeVersion(models.Model):
    """Every saved version of an item, with its author; any two can be compared."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    body = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="knowledge_one_version_per_number")]

    def __str__(self):
        return f"{self.item_id} v{self.number}"


def _attachment_path(attachment, filename):
    # A random name: the original one is kept in `name` and given back on download.
    return f"knowledge/{attachment.item.community_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    visibility = VisibilityField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("knowledge:attachment", args=[self.item.community.slug, self.pk])


class ContributorInterview(models.Model):
    """A transfer workshop: a contributor is interviewed so that what they know is written down."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="contributor_interviews")
    interviewee = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("interviewee")
    )
    interviewee_name = models.CharField(
        _("or the interviewee's name"), max_length=120, blank=True, help_text=_("When they are not a member.")
    )
    interviewer = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("interviewer")
    )
    held_on = models.DateField(_("date"))
    questions_answers = models.TextField(
        _("questions and answers"), help_text=_("Markdown: each question as a heading (## …) followed by its answer.")
    )
    items = models.ManyToManyField(
        KnowledgeItem, blank=True, related_name="interviews", verbose_name=_("items it produced")
    )
    visibility = VisibilityField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contributor interview")
        verbose_name_plural = _("contributor interviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.interviewee_display

    def get_absolute_url(self):
        return reverse("knowledge:interview", args=[self.community.slug, self.pk])

    @property
    def interviewee_display(self) -> str:
        if self.interviewee_id:
            return str(self.interviewee.user)
        return self.interviewee_name


class Handover(models.Model):
    """Passage de témoin: the lessons of a finished project meet the questions of teams starting one."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="handovers")
    title = models.CharField(_("project handed over"), max_length=200)
    held_on = models.DateField(_("date"))
    finishing_team = models.TextField(_("the team that finished the project"), max_length=2000)
    starting_teams = models.TextField(_("the teams starting a similar project"), max_length=2000)
    lessons = models.ManyToManyField(
        KnowledgeItem, blank=True, related_name="handovers", verbose_name=_("lessons learned handed over")
    )
    questions = models.TextField(_("the starting teams' questions"), help_text=_("Markdown."))
    answers = models.TextField(_("the answers given"), blank=True, help_text=_("Markdown."))
    visibility = VisibilityField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:handover", args=[self.community.slug, self.pk])
