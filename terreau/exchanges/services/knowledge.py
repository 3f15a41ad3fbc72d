"""Questions into knowledge: a question and its best answers become a draft knowledge item."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.communities.models import Membership

from .. import permissions as exchanges_permissions
from ..models import Answer, NotificationKind, Question, Verb
from .notifications import notify

KNOWLEDGE_TYPES = ("exchange_memo", "good_practice")
_FIELD_MAX = 8000  # the knowledge fields' length (knowledge.item_types.text_field)


def _credited_answers(question: Question) -> Sequence[Answer]:
    """The accepted answer first, then those voted useful (most votes first); all of them when none is."""
    from django.db.models import Count

    answers = list(question.answers.select_related("author").annotate(useful=Count("votes")).order_by("created_at"))
    chosen = [a for a in answers if a.pk == question.accepted_answer_id]
    chosen += sorted((a for a in answers if a.useful and a.pk != question.accepted_answer_id), key=lambda a: -a.useful)
    return chosen or answers


def _fit(text: str, limit: int = _FIELD_MAX) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name(user) -> str:
    return str(user) if user else _("a former member")


def _quote(question: Question) -> str:
    return "\n\n".join(part for part in [f"**{question.title}**", question.body] if part)


def _answers_text(question: Question, answers: Sequence[Answer]) -> str:
    parts = []
    for answer in answers:
        if answer.pk == question.accepted_answer_id:
            heading = _("Accepted answer, by %(name)s") % {"name": _name(answer.author)}
        else:
            heading = _("Answer by %(name)s") % {"name": _name(answer.author)}
        parts.append(f"**{heading}**\n\n{answer.body}")
    return "\n\n".join(parts)


def _credit_line(question: Question, answers: Sequence[Answer]) -> str:
    names = list(dict.fromkeys(_name(answer.author) for answer in answers))
    return _("From the question asked by %(asker)s on %(date)s, with the answers of %(names)s.") % {
        "asker": _name(question.author),
        "date": timezone.localdate(question.created_at).isoformat(),
        "names": ", ".join(names),
    }


@transaction.atomic
def question_to_knowledge(*, actor: User, question: Question, item_type: str):
    """A draft exchange memo or good practice from a question and its best answers.

    The person converting is the item's author; the asker and the answerers are named in it
    (participants, the credit line and each answer's heading) and told about it.
    """
    from terreau.knowledge import services as knowledge_services

    community = question.community
    exchanges_permissions.require_turn_into_knowledge(actor, question)
    if item_type not in KNOWLEDGE_TYPES:
        raise ValidationError({"item_type": _("Choose an exchange memo or a good practice.")})
    if question.knowledge_item_id:
        raise ValidationError(_("This question is already a knowledge item."))
    answers = _credited_answers(question)
    if not answers:
        raise ValidationError(_("A question becomes a knowledge item once it has an answer."))
    answers_text = _answers_text(question, answers)
    credit = _credit_line(question, answers)
    if item_type == "exchange_memo":
        people = list(dict.fromkeys([_name(question.author)] + [_name(a.author) for a in answers]))
        fields = {
            "held_on": timezone.localdate(question.created_at).isoformat(),
            "participants": _fit(", ".join(people), 2000),
            "learned": _fit(f"{credit}\n\n{_quote(question)}\n\n{answers_text}"),
            "follow_ups": "",
        }
        contact = None
    else:
        best = answers[0]
        fields = {
            "for_whom": _fit(_("Members who ask themselves: %(title)s") % {"title": question.title}),
            "why": _fit(_quote(question)),
            "key_benefits": _fit(best.body),
            "in_practice": _fit(f"{answers_text}\n\n*{credit}*"),
            "points_of_attention": "",
            "standing": "idea",
            "evidence": "",
            "contact_name": "",
            "contact_email": "",
        }
        contact = (
            Membership.objects.filter(
                community=community, user_id=best.author_id, status=Membership.Status.ACTIVE
            ).first()
            if best.author_id
            else None
        )
    item = knowledge_services.item_create(
        actor=actor,
        community=community,
        type=item_type,
        title=question.title,
        fields=fields,
        themes=question.themes.all(),
        visibility=question.visibility,
        contact=contact,
    )
    question.knowledge_item = item
    question.save(update_fields=["knowledge_item"])
    credited = {pk for pk in [question.author_id, *(answer.author_id for answer in answers)] if pk is not None}
    notify(
        community=community,
        recipients=User.objects.filter(pk__in=credited),
        kind=NotificationKind.FOLLOWED,
        verb=Verb.QUESTION_TO_KNOWLEDGE,
        params={"name": actor, "title": question.title},
        url=question.get_absolute_url(),
        actor=actor,
        visibility=question.visibility,
    )
    return item
