from datetime import timedelta

from django.utils import timezone

from terreau.surveys import services
from terreau.surveys.models import Survey


def make_survey(cast, *, template="satisfaction", opened=True, days=10, **fields) -> Survey:
    today = timezone.localdate()
    fields.setdefault("opens_on", today)
    fields.setdefault("closes_on", today + timedelta(days=days))
    survey = Survey(**fields)
    services.survey_create(actor=cast.core_member, community=cast.community, survey=survey, template=template)
    if opened:
        services.survey_open(actor=cast.core_member, survey=survey)
    return survey


def full_answers(survey, text="Très utile") -> dict:
    """An answer to every question: 4 on the scales, the first choice, `text` written."""
    found = {}
    for question in survey.questions.all():
        found[str(question.pk)] = {"likert": 4, "single": 0, "multiple": [0, 1], "text": text}[question.kind]
    return found


def post_data(survey, text="Très utile") -> dict:
    return {f"q{key}": value for key, value in full_answers(survey, text).items()}
