import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership, Theme
from terreau.core.models import VisibilityField

from . import rhythm

TITLE_MAX = 200
BODY_MAX = 20_000
SHORT_MAX = 2_000


# The message rhythm ------------------------------------------------------------------------


class Frequency(models.TextChoices):
    IMMEDIATE = rhythm.Frequency.IMMEDIATE, _("Each notification as it comes")
    DAILY = rhythm.Frequency.DAILY, _("One digest a day")
    WEEKLY = rhythm.Frequency.WEEKLY, _("One digest a week")
    OFF = rhythm.Frequency.OFF, _("No email (I read the notifications in Terreau)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RhythmPolicy(models.Model):
    """A community's bounds for the message rhythm and its welcome memo (defaults from the guide)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="rhythm_policy")
    daily_ceiling = models.PositiveSmallIntegerField(
        _("emails a day at most"),
        default=rhythm.DEFAULT_CEILING,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The guide: no more than a few a day. Beyond it, notifications wait for the next digest."),
    )
    weekly_day = models.PositiveSmallIntegerField(
        _("day of the weekly digest"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    welcome_memo = models.TextField(
        _("welcome memo"),
        blank=True,
        max_length=BODY_MAX,
        help_text=_("Sent to every new member."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("message rhythm")
        verbose_name_plural = _("message rhythms")

    def __str__(self):
        return str(self.community)


# What a newcomer receives while the facilitators have not written their own memo (the guide:
# welcome and guide newcomers, with a welcome memo and a sponsor), in the newcomer's language.
DEFAULT_WELCOME_MEMO = _(
    "Welcome! Here is how to find your place in the community.\n\n"
    "**Take part the way that suits you.** You may be a *driver* (help run the community or take "
    "on a role), a *carrier* (take part in a working group regularly), a *resource* (lend a hand "
    "now and then) or an *observer* (be kept informed without taking part). You can change at any "
    "time.\n\n"
    "**First steps:**\n\n"
    "- Introduce yourself in a few words on your profile.\n"
    "- Read the charter: why the community exists, its objectives and how we work together.\n"
    "- Ask a question, or answer one: nobody knows everything, everyone knows something.\n"
    "- Browse the knowledge base: the practices and lessons of the other members.\n\n"
    "**You are not on your own.** A sponsor from the community can guide you through your first "
    "weeks: ask the facilitators.\n\n"
    "You will receive at least one message a week, and never more than a few a day. We meet about "
    "once a month: come and meet us!"
)


def default_welcome_memo(language: str) -> str:
    with translation.override(language):
        return str(DEFAULT_WELCOME_MEMO)


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("Answers to my questions")
    ACCEPTED = "accepted", _("My answer accepted")
    MENTION = "mention", _("Mentions of me")
    KUDOS = "kudos", _("Kudos for me")
    HELP = "help", _("Help offered or requested")
    FOLLOWED = "followed", _("Topics I follow")
    WEEKLY_MESSAGE = "weekly_message", _("The weekly message")
    WELCOME = "welcome", _("Welcome memo")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    APPLICATION = "application", _("Answers to our calls")
    ACTION = "action", _("Blocked actions")
    EVENT = "event", _("Events I registered to")
    MINUTES = "minutes", _("Minutes to write")
    EVALUATION = "evaluation", _("Evaluations to prepare")
    DECISION = "decision", _("Decisions of my circles")
    SURVEY = "survey", _("Surveys to answer")
    CIRCLES = "circles", _("Requests to join my circles")
    ROLES = "roles", _("Roles and elections")
    COMMENT = "comment", _("Comments on what I carry")
    IDEA = "idea", _("Answers to the ideas I proposed or support")


# Sent alone whatever the member's frequency (within the daily ceiling).
# An event's reminder and a place freed for it cannot wait for a weekly digest: they must reach
# the member before the event.
URGENT_KINDS = {NotificationKind.WELCOME, NotificationKind.EVENT}


# What happened, said in the reader's language ---------------------------------------------


class Verb(models.TextChoices):
    """The sentence of a notification or a feed line; its words are put together when it is read.

    A row keeps the verb and its parameters (names, titles), never the sentence: the same event
    reads in French for a French member and in English for an English one.
    """

    QUESTION_ASKED = "question_asked"
    QUESTION_NEW = "question_new"
    QUESTION_MENTION = "question_mention"
    ANSWER_POSTED = "answer_posted"
    ANSWER_TO_YOU = "answer_to_you"
    ANSWER_NEW = "answer_new"
    ANSWER_MENTION = "answer_mention"
    ANSWER_ACCEPTED = "answer_accepted"
    HELP_REQUEST = "help_request"
    HELP_OFFER = "help_offer"
    HELP_STEPPED_IN = "help_stepped_in"
    KUDOS_GIVEN = "kudos_given"
    KUDOS_RECEIVED = "kudos_received"
    WEEKLY_MESSAGE = "weekly_message"
    MEMBER_JOINED = "member_joined"
    WELCOME = "welcome"
    QUESTION_TO_KNOWLEDGE = "question_to_knowledge"
    KNOWLEDGE_PUBLISHED = "knowledge_published"
    KNOWLEDGE_NEW = "knowledge_new"
    KNOWLEDGE_UPDATED = "knowledge_updated"
    CHARTER_ADOPTED = "charter_adopted"
    CALL_OPENED = "call_opened"
    APPLICATION_RECEIVED = "application_received"
    ACTION_DONE = "action_done"
    ACTION_BLOCKED = "action_blocked"
    EVENT_REMINDER = "event_reminder"
    EVENT_PLACE_FREED = "event_place_freed"
    EVENT_PLANNED = "event_planned"
    EVENT_CANCELLED = "event_cancelled"
    EVENT_MOVED = "event_moved"
    MINUTES_DUE = "minutes_due"
    EVALUATION_DUE = "evaluation_due"
    DECISION_QUESTIONS_OPENED = "decision_questions_opened"
    DECISION_REACTIONS_OPENED = "decision_reactions_opened"
    DECISION_OBJECTIONS_OPENED = "decision_objections_opened"
    DECISION_ADOPTED = "decision_adopted"
    DECISION_REVIEW_DUE = "decision_review_due"
    RETROSPECTIVE_RECORDED = "retrospective_recorded"
    SURVEY_OPENED = "survey_opened"
    SURVEY_REMINDER = "survey_reminder"
    CIRCLE_JOIN_REQUESTED = "circle_join_requested"
    CIRCLE_REQUEST_APPROVED = "circle_request_approved"
    CIRCLE_REQUEST_DECLINED = "circle_request_declined"
    ELECTION_OPENED = "election_opened"
    ELECTION_REVEALED = "election_revealed"
    ELECTION_PROPOSED = "election_proposed"
    ELECTION_DONE = "election_done"
    ELECTION_TERM_ENDING = "election_term_ending"
    ROLE_CALL_OPENED = "role_call_opened"
    ROLE_VOLUNTEERED = "role_volunteered"
    ROLE_VOLUNTEER_CONFIRMED = "role_volunteer_confirmed"
    ROLE_VOLUNTEER_DECLINED = "role_volunteer_declined"
    COMMENT_NEW = "comment_new"
    COMMENT_MENTION = "comment_mention"
    IDEA_PROPOSED = "idea_proposed"
    IDEA_TAKEN_UP = "idea_taken_up"
    IDEA_NOT_NOW = "idea_not_now"
    IDEA_DECLINED = "idea_declined"


VERB_TEXTS = {
    Verb.QUESTION_ASKED: _("%(name)s asked: %(title)s"),
    Verb.QUESTION_NEW: _("New question: %(title)s"),
    Verb.QUESTION_MENTION: _("%(name)s mentioned you in a question: %(title)s"),
    Verb.ANSWER_POSTED: _("%(name)s answered: %(title)s"),
    Verb.ANSWER_TO_YOU: _("%(name)s answered your question: %(title)s"),
    Verb.ANSWER_NEW: _("New answer to: %(title)s"),
    Verb.ANSWER_MENTION: _("%(name)s mentioned you in an answer to: %(title)s"),
    Verb.ANSWER_ACCEPTED: _("Your answer was accepted: %(title)s"),
    Verb.HELP_REQUEST: _("%(name)s is looking for help: %(title)s"),
    Verb.HELP_OFFER: _("%(name)s offers help: %(title)s"),
    Verb.HELP_STEPPED_IN: _("%(name)s stepped in: %(title)s"),
    Verb.KUDOS_GIVEN: _("%(giver)s congratulated %(receiver)s"),
    Verb.KUDOS_RECEIVED: _("%(giver)s congratulated you: %(message)s"),
    Verb.WEEKLY_MESSAGE: _("Message of the week: %(subject)s"),
    Verb.MEMBER_JOINED: _("%(name)s joined the community"),
    Verb.WELCOME: _("Welcome to %(community)s"),
    Verb.QUESTION_TO_KNOWLEDGE: _("%(name)s turned a question you took part in into a knowledge item: %(title)s"),
    Verb.KNOWLEDGE_PUBLISHED: _("%(name)s published in the knowledge base: %(title)s"),
    Verb.KNOWLEDGE_NEW: _("New in the knowledge base: %(title)s"),
    Verb.KNOWLEDGE_UPDATED: _("%(name)s updated %(title)s: %(note)s"),
    Verb.CHARTER_ADOPTED: _("Version %(number)s of the charter is adopted by consent"),
    Verb.CALL_OPENED: _("%(name)s opened a call for expressions of interest: %(title)s"),
    Verb.APPLICATION_RECEIVED: _("%(name)s answered the call: %(title)s"),
    Verb.ACTION_DONE: _("%(name)s marked an action done: %(title)s"),
    Verb.ACTION_BLOCKED: _("%(name)s marked an action blocked: %(title)s"),
    Verb.EVENT_REMINDER: _("Reminder: %(title)s, %(when)s"),
    Verb.EVENT_PLACE_FREED: _("A place freed up: you are now registered to %(title)s, %(when)s"),
    Verb.EVENT_PLANNED: _("%(name)s planned a meeting: %(title)s"),
    Verb.EVENT_CANCELLED: _("Cancelled: %(title)s (%(reason)s)"),
    Verb.EVENT_MOVED: _("Moved: %(title)s"),
    Verb.MINUTES_DUE: _("The minutes of %(title)s are not written yet"),
    Verb.EVALUATION_DUE: _("The evaluation at %(months)s months is coming: time for the core team to prepare it"),
    Verb.DECISION_QUESTIONS_OPENED: _("New proposal in your circle, questions welcome: %(title)s"),
    Verb.DECISION_REACTIONS_OPENED: _("Round of reactions open, your reaction is awaited: %(title)s"),
    Verb.DECISION_OBJECTIONS_OPENED: _("Round of objections open, consent or object: %(title)s"),
    Verb.DECISION_ADOPTED: _("Decision adopted by consent: %(title)s"),
    Verb.DECISION_REVIEW_DUE: _("A decision comes up for review on %(date)s: %(title)s"),
    Verb.RETROSPECTIVE_RECORDED: _("The retrospective %(title)s is over: what we keep of it is written"),
    Verb.SURVEY_OPENED: _("New survey: %(title)s"),
    Verb.SURVEY_REMINDER: _("The survey %(title)s closes on %(date)s: your answer is awaited"),
    Verb.CIRCLE_JOIN_REQUESTED: _("%(name)s asks to join %(title)s"),
    Verb.CIRCLE_REQUEST_APPROVED: _("Your request is accepted: you are now in %(title)s"),
    Verb.CIRCLE_REQUEST_DECLINED: _("Your request to join %(title)s is declined"),
    Verb.ELECTION_OPENED: _("Election without candidates for %(title)s: write whom you nominate, and why"),
    Verb.ELECTION_REVEALED: _("The nominations for %(title)s are revealed"),
    Verb.ELECTION_PROPOSED: _("%(name)s is proposed for %(title)s: consent or object"),
    Verb.ELECTION_DONE: _("%(name)s was elected for %(title)s until %(date)s"),
    Verb.ELECTION_TERM_ENDING: _(
        "The term of %(name)s for %(title)s ends on %(date)s: time to prepare the next election"
    ),
    Verb.ROLE_CALL_OPENED: _("%(name)s is calling for role volunteers: %(title)s"),
    Verb.ROLE_VOLUNTEERED: _("%(name)s volunteers for the role %(role)s"),
    Verb.ROLE_VOLUNTEER_CONFIRMED: _("The core team confirmed you in the role %(role)s"),
    Verb.ROLE_VOLUNTEER_DECLINED: _("The core team answered your offer for the role %(role)s: %(note)s"),
    Verb.COMMENT_NEW: _("%(name)s commented on %(title)s"),
    Verb.COMMENT_MENTION: _("%(name)s mentioned you in a comment on %(title)s"),
    Verb.IDEA_PROPOSED: _("%(name)s proposed an idea: %(title)s"),
    Verb.IDEA_TAKEN_UP: _("The core team takes up the idea %(title)s: %(answer)s"),
    Verb.IDEA_NOT_NOW: _('The core team answered "not now" to the idea %(title)s: %(answer)s'),
    Verb.IDEA_DECLINED: _('The core team answered "no" to the idea %(title)s: %(answer)s'),
}


def verb_text(verb: str, params: dict | None, fallback: str = "") -> str:
    """The sentence of `verb` in the active language; `fallback` for rows written before verbs."""
    template = VERB_TEXTS.get(verb)
    if template is None:
        return fallback
    try:
        return str(template) % _dated(params or {})
    except (KeyError, TypeError, ValueError):
        return fallback


def _dated(params: dict) -> dict:
    """A `when` is stored as the community's local "YYYY-MM-DD HH:MM" (one text for every reader)
    and written out in the reader's language: "1 décembre 2026 18:00", "1 December 2026, 18:00"."""
    params = _a_day(params)
    when = params.get("when")
    if not isinstance(when, str):
        return params
    try:
        moment = datetime.datetime.strptime(when, "%Y-%m-%d %H:%M")
    except ValueError:
        return params
    return {**params, "when": formats.date_format(moment, "DATETIME_FORMAT")}


def _a_day(params: dict) -> dict:
    """A `date` ("YYYY-MM-DD": the end of a term) written out in the reader's language."""
    day = params.get("date")
    if not isinstance(day, str):
        return params
    try:
        found = datetime.date.fromisoformat(day)
    except ValueError:
        return params
    return {**params, "date": formats.date_format(found, "DATE_FORMAT")}


class Said(models.Model):
    """The verb, its parameters and the sentence of rows written before verbs (or by other apps)."""

    verb = models.CharField(_("what happened"), max_length=32, choices=Verb.choices, blank=True)
    params = models.JSONField(_("names and titles"), default=dict, blank=True)
    text = models.CharField(_("sentence"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        return verb_text(self.verb, self.params, self.text)


class NotificationPreference(models.Model):
    """One member's choice of rhythm within one community."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="notification_preference")
    frequency = models.CharField(_("emails"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    unsubscribed_kinds = models.JSONField(_("kinds without email"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.membership}: {self.frequency}"


class SentMessage(models.Model):
    """One email the rhythm counts: an individual notification, a digest or a weekly message.

    Written when the email is queued; `sent_at` becomes the moment it went out. While its email
    waits for a retry it counts as sent now (so the daily ceiling holds when it lands late); a
    FAILED one does not count (`mailing._history`).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    is_digest = models.BooleanField(_("digest"), default=False)
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    email = models.ForeignKey("emails.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        indexes = [models.Index(fields=["community", "recipient", "sent_at"])]

    def __str__(self):
        return f"{self.recipient} {self.sent_at:%Y-%m-%d %H:%M}"


class Notification(Said):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    url = models.CharField(_("address"), max_length=300, blank=True)
    # The text the notification is about (an answer, a question...), as its author wrote it: the
    # email carries it, so a member reads it on a phone without signing in. The email leaves it
    # out for a recipient who may not see things of `body_visibility` (the visibility of its source).
    body = models.TextField(_("text"), blank=True, max_length=BODY_MAX)
    body_visibility = VisibilityField()
    created_at = models.DateTimeField(_("created"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set once the email carrying it went out (`email` says which); the rhythm picks up only
    # notifications without an email, so a retried email never brings a second copy.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    email = models.ForeignKey("emails.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Kinds the member unsubscribed from are never emailed; they stay in the notification centre.
    email_wanted = models.BooleanField(default=True)
    digested_in = models.ForeignKey(
        SentMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    # A notification of kind weekly_message carries its own message, even with two in one week.
    weekly_message = models.ForeignKey(
        "WeeklyMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["community", "recipient"],
                condition=models.Q(emailed_at__isnull=True, email_wanted=True),
                name="notification_to_email",
            ),
        ]

    @property
    def is_urgent(self) -> bool:
        return self.kind in URGENT_KINDS


# Exchanges ---------------------------------------------------------------------------------


class Question(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("question"), max_length=TITLE_MAX)
    body = models.TextField(_("details"), blank=True, max_length=BODY_MAX)
    themes = models.ManyToManyField(Theme, blank=True, related_name="questions", verbose_name=_("themes"))
    # The working group the question is asked in (its page lists it).
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("circle"),
    )
    visibility = VisibilityField()
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    accepted_answer = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("accepted answer")
    )
    accepted_at = models.DateTimeField(_("answer accepted"), null=True, blank=True)
    # The exchange memo or good practice the question was turned into (credit kept in the item).
    knowledge_item = models.ForeignKey(
        "knowledge.KnowledgeItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("knowledge item"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:question", args=[self.community.slug, self.pk])

    @property
    def time_to_first_answer(self):
        return self.first_answer_at - self.created_at if self.first_answer_at else None

    @property
    def time_to_accepted_answer(self):
        return self.accepted_at - self.created_at if self.accepted_at else None


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("answer"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} → {self.question}"

    def get_absolute_url(self):
        # Answers come in pages: `?answer=` opens the page that holds this one.
        return f"{self.question.get_absolute_url()}?answer={self.pk}#answer-{self.pk}"


class UsefulVote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "voter"], name="one_useful_vote_per_person")]

    def __str__(self):
        return f"{self.voter} → {self.answer_id}"


class HelpPost(models.Model):
    """A request for help or an offer of it (the annex: obtain, offer, support)."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("I am looking for help")
        OFFER = "offer", _("I offer help")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("help status", "open")
        MATCHED = "matched", pgettext_lazy("help status", "matched")
        CLOSED = "closed", pgettext_lazy("help status", "closed")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="help_posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REQUEST)
    title = models.CharField(_("in a few words"), max_length=TITLE_MAX)
    body = models.TextField(
        _("details"),
        blank=True,
        max_length=SHORT_MAX * 2,
        help_text=_("Skills, time, contacts: what is needed or offered, where and until when."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    visibility = VisibilityField()
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("help request or offer")
        verbose_name_plural = _("help requests and offers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:help", args=[self.community.slug, self.pk])


class HelpStep(models.Model):
    """Someone who stepped in on a help post."""

    post = models.ForeignKey(HelpPost, on_delete=models.CASCADE, related_name="steps")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="one_step_per_person")]

    def __str__(self):
        return f"{self.person} → {self.post_id}"


class Kudos(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="kudos")
    giver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_received")
    message = models.TextField(_("message"), max_length=SHORT_MAX)
    visibility = VisibilityField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.giver} → {self.receiver}"


class FeedItem(Said):
    """One line of the community's feed; other apps' lines come from their events (`subscribers.py`)."""

    class Kind(models.TextChoices):
        MEMBER_JOINED = "member_joined", _("New members")
        QUESTION = "question", _("Questions")
        ANSWER = "answer", _("Answers")
        KUDOS = "kudos", _("Kudos")
        HELP = "help", _("Help")
        WEEKLY_MESSAGE = "weekly_message", _("Weekly messages")
        KNOWLEDGE = "knowledge", _("Knowledge")
        CHARTER = "charter", _("Charter")
        CALL = "call", _("Calls")
        ACTION = "action", _("Action plan")
        EVENT = "event", _("Events")
        DECISION = "decision", _("Decisions")
        SURVEY = "survey", _("Surveys")
        ROLES = "roles", _("Roles")
        IDEA = "idea", _("Ideas")
        OTHER = "other", _("Other activity")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="feed_items")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    url = models.CharField(_("address"), max_length=300, blank=True)
    visibility = VisibilityField()
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "visibility", "-created_at"])]


class Follow(models.Model):
    """A member follows a question, a theme or another member."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="follows")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "question"], condition=models.Q(question__isnull=False), name="follow_question_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "theme"], condition=models.Q(theme__isnull=False), name="follow_theme_once"
            ),
            models.UniqueConstraint(
                fields=["community", "follower", "member"],
                condition=models.Q(member__isnull=False),
                name="follow_member_once",
            ),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.question_id or self.theme_id or self.member_id}"


class WeeklyMessage(models.Model):
    """The facilitator's message of the week (news, projects moving, what is coming)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="weekly_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.CharField(_("subject"), max_length=TITLE_MAX)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("weekly message")
        verbose_name_plural = _("weekly messages")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
