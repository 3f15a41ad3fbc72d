"""The surveys the guide suggests, worded after it: the satisfaction survey on its four axes
(steering: facilitation, support, responsiveness; content; activities; individual added value)
and the define phase's interest survey ("don't guess the stakeholders' needs: ask them").

A question taken from a template keeps its `guide_key` and leaves its texts empty until the core
team edits them: it shows the guide's wording in each reader's language (like the events'
agenda templates). The five labels of each scale are here too.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SCALES: dict[str, tuple[StrOrPromise, ...]] = {
    "satisfaction": (
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    ),
    "agreement": (
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ),
    "importance": (
        _("Not important"),
        _("Slightly important"),
        _("Moderately important"),
        _("Important"),
        _("Essential"),
    ),
}


@dataclass(frozen=True)
class GuideQuestion:
    key: str
    kind: str
    text: StrOrPromise
    section: StrOrPromise = ""
    choices: StrOrPromise = ""
    scale: str = "satisfaction"
    required: bool = True


STEERING = _("Steering: facilitation, support, responsiveness")
CONTENT = _("Content")
ACTIVITIES = _("Activities")
VALUE = _("Your individual added value")

TEMPLATES: dict[str, dict] = {
    "satisfaction": {
        "label": _("Satisfaction survey (the guide's four axes)"),
        "title": _("How is our community doing? Satisfaction survey"),
        "introduction": _(
            "Measuring the interest and usefulness of the community tells us which strengths to keep "
            "and what to correct. This survey asks about the four angles the guide suggests: steering "
            "(facilitation, support, responsiveness), content, activities and what the community "
            "brings you. It takes about five minutes."
        ),
        "questions": [
            GuideQuestion(
                "satisfaction.facilitation",
                "likert",
                _(
                    "How satisfied are you with the facilitation of the community (meetings, weekly message, exchanges)?"  # noqa: E501 (one sentence to translate)
                ),
                section=STEERING,
            ),
            GuideQuestion(
                "satisfaction.support",
                "likert",
                _("How satisfied are you with the support you get from the core team and the facilitators?"),
            ),
            GuideQuestion(
                "satisfaction.responsiveness",
                "likert",
                _(
                    "How satisfied are you with the responsiveness of the community: how fast questions and requests get an answer?"  # noqa: E501 (one sentence to translate)
                ),
            ),
            GuideQuestion(
                "satisfaction.content",
                "likert",
                _(
                    "How satisfied are you with the content shared in the community (knowledge base, practices, documents)?"  # noqa: E501 (one sentence to translate)
                ),
                section=CONTENT,
            ),
            GuideQuestion(
                "satisfaction.content_missing",
                "text",
                _("Which subjects or contents are missing?"),
                required=False,
            ),
            GuideQuestion(
                "satisfaction.activities",
                "likert",
                _(
                    "How satisfied are you with the community's activities (meetings, workshops, visits, working groups)?"  # noqa: E501 (one sentence to translate)
                ),
                section=ACTIVITIES,
            ),
            GuideQuestion(
                "satisfaction.activities_useful",
                "multiple",
                _("Which activities were the most useful to you?"),
                choices=_(
                    "The monthly meetings\nThe thematic workshops\nThe field visits\nThe working groups\n"
                    "The questions and answers\nThe knowledge base"
                ),
                required=False,
            ),
            GuideQuestion(
                "satisfaction.value_work",
                "likert",
                _("Taking part in the community helps me in my work."),
                section=VALUE,
                scale="agreement",
            ),
            GuideQuestion(
                "satisfaction.value_people",
                "likert",
                _("Through the community I have met people I would not have met otherwise."),
                scale="agreement",
            ),
            GuideQuestion(
                "satisfaction.value_example",
                "text",
                _("What has the community brought you? An example is welcome."),
                required=False,
            ),
            GuideQuestion(
                "satisfaction.change",
                "text",
                _("If you could change one thing in the community, what would it be?"),
                required=False,
            ),
        ],
    },
    "interest": {
        "label": _("Interest survey (define phase)"),
        "title": _("Would a community of practice be useful to you?"),
        "introduction": _(
            "We are thinking of starting a community of practice on this subject. Rather than guess "
            "your needs, we are asking you: your challenges, what you would expect and how you would "
            "take part. Your answers will help us choose its objectives and scope."
        ),
        "questions": [
            GuideQuestion(
                "interest.useful",
                "likert",
                _("A community of practice on this subject would be useful to me."),
                scale="agreement",
            ),
            GuideQuestion(
                "interest.challenges",
                "text",
                _("What are your challenges and needs on this subject?"),
            ),
            GuideQuestion(
                "interest.objectives",
                "multiple",
                _("What would you expect from such a community?"),
                choices=_(
                    "Answers to my questions, help from peers\nProven practices and lessons learned\n"
                    "Up-to-date content on the subject\nCreating new solutions together"
                ),
            ),
            GuideQuestion(
                "interest.engagement",
                "single",
                _("How would you like to take part?"),
                choices=_(
                    "Help run the community\nTake part regularly in a working group\n"
                    "Lend a hand now and then\nBe kept informed"
                ),
            ),
            GuideQuestion(
                "interest.others",
                "text",
                _("Who else should we ask?"),
                required=False,
            ),
        ],
    },
}

_QUESTIONS = {question.key: question for template in TEMPLATES.values() for question in template["questions"]}


def choices() -> list[tuple[str, StrOrPromise]]:
    return [(key, template["label"]) for key, template in TEMPLATES.items()]


def title(key: str) -> StrOrPromise:
    return TEMPLATES[key]["title"] if key in TEMPLATES else ""


def introduction(key: str) -> StrOrPromise:
    return TEMPLATES[key]["introduction"] if key in TEMPLATES else ""


def questions(key: str) -> list[GuideQuestion]:
    return list(TEMPLATES[key]["questions"]) if key in TEMPLATES else []


def question_field(key: str, field: str) -> StrOrPromise:
    found = _QUESTIONS.get(key)
    return getattr(found, field, "") if found else ""
