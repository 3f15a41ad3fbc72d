"""Decisions by consent, the tensions they come from, and the log of what was decided.

A proposal goes through the guide's integrative decision process (sociocracy's consent):

    draft → clarifying → reactions → amendment → objections → integrating → adopted
    (withdrawn by its proposer at any step before adoption)

Each participant (a member of the proposal's circle, `services.participants`) reacts once in the
reactions round and answers once in the objections round: consent, or an objection that says how
the proposal harms the community's aim. Every step is a dated `ProposalStep` row; each amended
text is a `ProposalRevision`, never overwritten.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.core.models import VisibilityField


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal state", "Draft")
    CLARIFYING = "clarifying", pgettext_lazy("proposal state", "Clarifying questions")
    REACTIONS = "reactions", pgettext_lazy("proposal state", "Round of reactions")
    AMENDMENT = "amendment", pgettext_lazy("proposal state", "Amendment by the proposer")
    OBJECTIONS = "objections", pgettext_lazy("proposal state", "Round of objections")
    INTEGRATING = "integrating", pgettext_lazy("proposal state", "Integrating objections")
    ADOPTED = "adopted", pgettext_lazy("proposal state", "Adopted")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "Withdrawn")


OPEN_STATES = [State.CLARIFYING, State.REACTIONS, State.AMENDMENT, State.OBJECTIONS, State.INTEGRATING]
FINAL_STATES = [State.ADOPTED, State.WITHDRAWN]


class Proposal(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="proposals")
    circle = models.ForeignKey(
        "circles.Circle", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("circle")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"), max_length=20000, help_text=_("Markdown. What is proposed, and why."))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposer")
    )
    deadline = models.DateTimeField(_("deadline"), help_text=_("The rounds close at this moment at the latest."))
    review_on = models.DateField(_("review date"), null=True, blank=True)
    themes = models.ManyToManyField("communities.Theme", blank=True, related_name="proposals", verbose_name=_("themes"))
    visibility = VisibilityField()
    # What the decision is about, for the app that asked for it: "charter:3" for version 3 of the charter.
    subject = models.CharField(_("subject"), max_length=60, blank=True, db_index=True)
    state = models.CharField(_("step"), max_length=12, choices=State.choices, default=State.DRAFT)
    # Raised on each step: two facilitators acting on the same page, the second is told, not obeyed.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    tension = models.ForeignKey(
        "Tension", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("tension")
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "state", "-decided_at"]),
            models.Index(fields=["state", "review_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decisions:proposal", args=[self.community.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ProposalRevision(models.Model):
    """One text of the proposal: the first, then each amendment (never changed, only added)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="one_proposal_revision_number")]

    def __str__(self):
        return f"{self.proposal_id} r{self.number}"


class Question(models.Model):
    """A clarifying question, answered by the proposer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Response(models.Model):
    """What one participant said in a round: a reaction, a consent or an objection."""

    class Kind(models.TextChoices):
        REACTION = "reaction", _("Reaction")
        CONSENT = "consent", _("Consent")
        OBJECTION = "objection", _("Objection")

    class Status(models.TextChoices):
        # Only objections move: open until the proposer integrates it or its author withdraws it.
        OPEN = "open", pgettext_lazy("objection status", "open")
        INTEGRATED = "integrated", pgettext_lazy("objection status", "integrated")
        WITHDRAWN = "withdrawn", pgettext_lazy("objection status", "withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="responses")
    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what you say"), blank=True, max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The facilitator who wrote it down in a meeting, on the participant's behalf.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Once in each round: the reaction round, and the objection round (consent or objection).
            models.UniqueConstraint(
                fields=["proposal", "membership"], condition=models.Q(kind="reaction"), name="one_reaction_each"
            ),
            models.UniqueConstraint(
                fields=["proposal", "membership"],
                condition=models.Q(kind__in=["consent", "objection"]),
                name="one_consent_or_objection_each",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.membership_id} → {self.proposal_id}"


class ProposalStep(models.Model):
    """One dated step of the process, kept for the timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Proposal written")
        OPENED = "opened", _("Clarifying questions opened")
        ASKED = "asked", _("Question asked")
        ANSWERED = "answered", _("Question answered")
        REACTIONS = "reactions", _("Round of reactions opened")
        REACTED = "reacted", _("Reaction")
        AMENDMENT = "amendment", _("Round closed: the proposer amends or keeps the text")
        AMENDED = "amended", _("Text amended")
        KEPT = "kept", _("Text kept as it is")
        OBJECTIONS = "objections", _("Round of objections opened")
        CONSENTED = "consented", _("Consent")
        OBJECTED = "objected", _("Objection")
        INTEGRATING = "integrating", _("Objections to integrate")
        INTEGRATED = "integrated", _("Objection integrated")
        OBJECTION_WITHDRAWN = "objection_withdrawn", _("Objection withdrawn")
        DEADLINE = "deadline", _("Deadline moved")
        ADOPTED = "adopted", _("Adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Whose turn it was, when the facilitator wrote it down for them (a name: kept if they leave).
    on_behalf_of = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.proposal_id}"


class Tension(models.Model):
    """Something that does not work, raised by any member; it may become a proposal, or be closed."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("tension status", "open")
        PROPOSED = "proposed", pgettext_lazy("tension status", "turned into a proposal")
        CLOSED = "closed", pgettext_lazy("tension status", "closed")

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="tensions")
    circle = models.ForeignKey(
        "circles.Circle", on_delete=models.PROTECT, related_name="tensions", verbose_name=_("circle")
    )
    title = models.CharField(_("in a few words"), max_length=200)
    text = models.TextField(_("what does not work"), max_length=5000)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.CharField(_("why it is closed"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tension")
        verbose_name_plural = _("tensions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title
