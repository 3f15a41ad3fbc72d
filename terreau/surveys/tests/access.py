"""Access-matrix entries of the surveys (see tests/test_access_matrix.py).

Surveys are members' business: the list, a survey's page and (when the survey says so) its
results are for the members; building, opening, closing and deleting for the core team and the
platform admin; answering as a member takes a membership. The stakeholders' link answers whoever
holds it, signed in or not, in a private community too: the link is the credential.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.surveys import services
from terreau.surveys.models import Audience, Question, ResultsFor, Survey
from tests.access import core_team_only, everyone, member_action, members_only, url


def _survey(place, *, template="satisfaction", opened=True, **fields):
    cast = place.cast
    today = timezone.localdate()
    survey = Survey(opens_on=today, closes_on=today + timedelta(days=10), results_for=ResultsFor.MEMBERS, **fields)
    services.survey_create(actor=cast.core_member, community=cast.community, survey=survey, template=template)
    if opened:
        services.survey_open(actor=cast.core_member, survey=survey)
    return survey


def prepare(place):
    place.survey = _survey(place)
    place.survey_text = place.survey.questions.filter(kind="text").first()
    services.response_submit(
        survey=place.survey,
        user=place.cast.member,
        answers={str(place.survey_text.pk): "Plus de visites de terrain"},
    )
    place.survey_draft = _survey(place, opened=False, template="interest")
    place.survey_question = place.survey_draft.questions.first()
    place.survey_empty = _survey(place, opened=False, template="", title="Consultation vide")
    place.survey_link = _survey(place, audience=Audience.STAKEHOLDERS, template="interest")
    assert Question.objects.filter(survey=place.survey_draft).count() > 1


_open = lambda p: p.survey.pk  # noqa: E731
_draft = lambda p: p.survey_draft.pk  # noqa: E731
_question = lambda p: p.survey_question.pk  # noqa: E731

MATRIX = {
    "surveys:list": ("get", url("surveys:list"), members_only(200)),
    "surveys:create": ("get", url("surveys:create"), core_team_only(200)),
    "surveys:detail": ("get", url("surveys:detail", _open), members_only(200)),
    "surveys:edit": ("get", url("surveys:edit", _draft), core_team_only(200)),
    # An empty draft cannot open: refused with a message, back to its page.
    # An open survey's settings: its closing date and who sees the results.
    "surveys:edit (open survey)": ("get", url("surveys:edit", _open), core_team_only(200)),
    "surveys:open": ("post", url("surveys:open", lambda p: p.survey_empty.pk), core_team_only(302)),
    "surveys:close": ("post", url("surveys:close", _open), core_team_only(302)),
    "surveys:delete": ("post", url("surveys:delete", _draft), core_team_only(302)),
    "surveys:question_create": ("get", url("surveys:question_create", _draft), core_team_only(200)),
    "surveys:question_edit": ("get", url("surveys:question_edit", _draft, _question), core_team_only(200)),
    "surveys:question_delete": ("post", url("surveys:question_delete", _draft, _question), core_team_only(302)),
    "surveys:question_move": ("post", url("surveys:question_move", _draft, _question), core_team_only(302)),
    # The platform admin holds no membership: they read, they do not answer.
    "surveys:answer": ("get", url("surveys:answer", _open), member_action(200)),
    "surveys:results": ("get", url("surveys:results", _open), members_only(200)),
    "surveys:text_answers": (
        "get",
        url("surveys:text_answers", _open, lambda p: p.survey_text.pk),
        members_only(200),
    ),
    "surveys:results_csv": ("get", url("surveys:results_csv", _open), members_only(200)),
    "surveys:link": ("get", url("surveys:link", lambda p: p.survey_link.token), everyone(200)),
    "surveys:link_thanks": ("get", url("surveys:link_thanks", lambda p: p.survey_link.token), everyone(200)),
    "surveys:link (draft)": (
        "get",
        url("surveys:link", lambda p: p.survey_draft.token),
        everyone(404),
    ),
}
