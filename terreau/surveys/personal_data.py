"""What the surveys hold of a person (see core.personal_data).

Exported: the surveys they took part in. Of an anonymous survey, only the fact of having
answered: nothing links them to their response, so nothing of it can be given back. Of a named
survey, their answers.

Erased: their participations; their named answers stay, as the community's, without their name.
"""

from terreau.core import personal_data

from .models import Participation, Response


def exporter(user) -> personal_data.Export:
    taken = Participation.objects.filter(user=user).select_related("survey__community").order_by("survey_id")
    named = {
        response.survey_id: response for response in Response.objects.filter(respondent=user).select_related("survey")
    }
    rows = []
    for participation in taken:
        survey = participation.survey
        row = {
            "community": survey.community.slug,
            "survey": survey.display_title,
            "anonymous": survey.is_anonymous,
            "answered": True,
        }
        response = named.get(survey.pk)
        if response is not None and not survey.is_anonymous:
            texts = {str(question.pk): question.display_text for question in survey.questions.all()}
            row["answered_on"] = response.submitted_on
            row["answers"] = {texts.get(key, key): value for key, value in response.answers.items()}
        rows.append(row)
    return personal_data.Export({"surveys": rows})


def eraser(user, neutral_name: str) -> None:
    Participation.objects.filter(user=user).delete()
    Response.objects.filter(respondent=user).update(respondent=None, name="")
