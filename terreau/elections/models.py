"""Filling roles the guide's two ways: the election without candidates and the call for role volunteers.

An election runs as a state machine (`Phase`): setup, nominations (each participant writes whom
they nominate and why, unseen by anyone until the reveal), the reveal, the change round, the
facilitator's proposal, the consent round (the nominee answers last), then the outcome: a role
assignment with its term, or a circle's representative. Every step is a dated `Step` row; every
nomination, change, proposal and answer is kept.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.core.models import Visibility, VisibilityField

REASON_MAX = 2000
# Who is nominated and why is the members' business: never public.
VISIBILITIES = [(Visibility.MEMBERS, Visibility.MEMBERS.label), (Visibility.CORE_TEAM, Visibility.CORE_TEAM.label)]


class Phase(models.TextChoices):
    SETUP = "setup", pgettext_lazy("election phase", "Setup")
    NOMINATION = "nomination", pgettext_lazy("election phase", "Nominations")
    REVEAL = "reveal", pgettext_lazy("election phase", "Reveal")
    CHANGE = "change", pgettext_lazy("election phase", "Change round")
    PROPOSAL = "proposal", pgettext_lazy("election phase", "Proposal")
    CONSENT = "consent", pgettext_lazy("election phase", "Consent round")
    DONE = "done", pgettext_lazy("election phase", "Elected")
    CANCELLED = "cancelled", pgettext_lazy("election phase", "Cancelled")


# The phases from which nothing moves on.
FINAL_PHASES = {Phase.DONE, Phase.CANCELLED}
# From the reveal on, the nominations and their reasons are read by all who may see the election.
REVEALED_PHASES = {Phase.REVEAL, Phase.CHANGE, Phase.PROPOSAL, Phase.CONSENT, Phase.DONE}


class Election(models.Model):
    class Subject(models.TextChoices):
        ROLE = "role", _("A role of the community")
        REPRESENTATIVE = "representative", _("A circle's representative")

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="elections")
    subject = models.CharField(_("what is elected"), max_length=16, choices=Subject.choices, default=Subject.ROLE)
    role = models.ForeignKey(
        "communities.Role", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    # Whose members take part (the core team's circle for the core team); for a representative,
    # the circle that elects its own.
    circle = models.ForeignKey(
        "circles.Circle", on_delete=models.PROTECT, related_name="+", verbose_name=_("circle taking part")
    )
    description = models.TextField(
        _("the role and what it asks"),
        max_length=5000,
        help_text=_("What the person elected will do, and the time it takes: be clear about it beforehand."),
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=12)
    facilitator = models.ForeignKey(
        "communities.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("facilitator")
    )
    visibility = VisibilityField(choices=VISIBILITIES)
    phase = models.CharField(_("step"), max_length=12, choices=Phase.choices, default=Phase.SETUP)
    # Raised on each move: a facilitator acting from an older page is told, not obeyed.
    version = models.PositiveIntegerField(default=1, editable=False)
    elected = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("elected"),
    )
    # How many times the change round opened (going back after an objection opens it again).
    change_turn = models.PositiveSmallIntegerField(default=0, editable=False)
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    # Set when the reminder before the term's end was sent: it is sent once.
    term_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("election without candidates")
        verbose_name_plural = _("elections without candidates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["phase", "term_ends_on"])]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("elections:detail", args=[self.community.slug, self.pk])

    @property
    def title(self) -> str:
        if self.subject == self.Subject.REPRESENTATIVE:
            return _("Representative of %(circle)s") % {"circle": self.circle.display_name}
        return self.role.display_name if self.role else ""

    @property
    def is_final(self) -> bool:
        return self.phase in FINAL_PHASES

    @property
    def is_revealed(self) -> bool:
        return self.phase in REVEALED_PHASES


class Participant(models.Model):
    """A member of the circle when the nominations opened: they nominate and answer the consent round."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="participants")
    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "membership"], name="one_participant")]

    def __str__(self):
        return f"{self.membership_id} @ {self.election_id}"


class Round(models.TextChoices):
    NOMINATION = "nomination", _("nomination")
    CHANGE = "change", _("change")


class Nomination(models.Model):
    """Whom a participant nominates and why: one in the nomination round, one more if they change."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    round = models.CharField(_("round"), max_length=12, choices=Round.choices, default=Round.NOMINATION)
    # The change round's turn (Election.change_turn): one change per participant and turn.
    turn = models.PositiveSmallIntegerField(default=0)
    nominator = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    nominee = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("why this person"), max_length=REASON_MAX)
    # The facilitator, when they wrote it down for someone present at the meeting.
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "nominator", "round", "turn"], name="one_nomination_per_round")
        ]

    def __str__(self):
        # Never whom: wherever a nomination is printed (a log, an admin), it tells nothing of its content.
        return f"nomination {self.pk}"


class Proposal(models.Model):
    """The facilitator's proposal of one person, put to the consent round."""

    class Outcome(models.TextChoices):
        OPEN = "open", pgettext_lazy("proposal outcome", "open")
        ACCEPTED = "accepted", pgettext_lazy("proposal outcome", "accepted")
        SET_ASIDE = "set_aside", pgettext_lazy("proposal outcome", "set aside")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="proposals")
    nominee = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("why this person"), max_length=REASON_MAX)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"proposal {self.pk}"


class Answer(models.Model):
    """One participant's consent or objection to a proposal (the nominee's is their acceptance)."""

    class Choice(models.TextChoices):
        CONSENT = "consent", _("I consent")
        OBJECT = "object", _("I object")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("answer"), max_length=8, choices=Choice.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "membership"], name="one_answer_per_proposal")]

    def __str__(self):
        return f"{self.choice} {self.pk}"


class Step(models.Model):
    """A move of the election, dated and kept: its history."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField(_("step"), max_length=12, choices=Phase.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=REASON_MAX)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.phase} {self.at:%Y-%m-%d %H:%M}"


# Open role allocation: the call for role volunteers -----------------------------------------


class RoleCall(models.Model):
    """The core team's call for role volunteers ("appel aux forces vives"), listing open roles."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="role_calls")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("message to the members"), max_length=5000)
    roles = models.ManyToManyField("communities.Role", related_name="+", verbose_name=_("open roles"))
    visibility = VisibilityField(choices=VISIBILITIES)
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("call for role volunteers")
        verbose_name_plural = _("calls for role volunteers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("elections:call", args=[self.community.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Volunteer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("volunteer", "waiting")
        CONFIRMED = "confirmed", pgettext_lazy("volunteer", "confirmed")
        DECLINED = "declined", pgettext_lazy("volunteer", "declined")

    call = models.ForeignKey(RoleCall, on_delete=models.CASCADE, related_name="volunteers")
    role = models.ForeignKey("communities.Role", on_delete=models.CASCADE, related_name="+", verbose_name=_("role"))
    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    motivation = models.TextField(_("why you"), max_length=REASON_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(_("a word from the core team"), blank=True, max_length=REASON_MAX)
    created_at = models.DateTimeField(_("volunteered"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "role", "membership"], name="one_volunteer_per_role")]

    def __str__(self):
        return f"{self.membership_id} → {self.role_id}"
