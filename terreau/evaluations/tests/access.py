"""Access-matrix entries of the evaluations (see tests/test_access_matrix.py).

The list reads like the community: each person sees the evaluations they may read. The core team
reads every evaluation and does everything (evaluations.manage); anyone else reads a concluded one
whose visibility allows it, and never the interviews' notes. A thing a person may not see answers
as missing.
"""

from datetime import date

from terreau.core.models import Visibility
from terreau.evaluations.models import Evaluation, Heading, Interview, RenewalItem
from tests.access import (
    MISSING,
    SEES,
    VISIBILITIES,
    Kind,
    Route,
    core_team_only,
    everyone,
    members_only,
    pk,
    thing_url,
    url,
)

from .factories import make_evaluation

LAUNCH = date(2025, 1, 10)


def _filled(evaluation, marker_text, *, owner=None):
    Interview.objects.create(
        evaluation=evaluation, interviewee_name="Groupe logistique", held_on=date(2025, 3, 1), notes=marker_text
    )
    return RenewalItem.objects.create(evaluation=evaluation, heading=Heading.THEMES, text=marker_text, owner=owner)


def prepare(place):
    community = place.cast.community
    place.evaluation = make_evaluation(
        community, launch=LAUNCH, number=1, status=Evaluation.Status.IN_PROGRESS, culture="La confiance s'installe."
    )
    place.evaluation_interview = Interview.objects.create(
        evaluation=place.evaluation, interviewee_name="Groupe logistique", held_on=date(2025, 3, 1), notes="Notes"
    )
    place.renewal_item = RenewalItem.objects.create(
        evaluation=place.evaluation, heading=Heading.ACTIVITIES, text="Une visite d'exploitation par trimestre"
    )
    place.concluded = make_evaluation(
        community,
        launch=LAUNCH,
        number=2,
        status=Evaluation.Status.CONCLUDED,
        visibility=Visibility.MEMBERS,
        culture="Bonne dynamique.",
    )
    place.planned = make_evaluation(community, launch=LAUNCH, number=3)


def plant_evaluation(place, variant, marker):
    """A concluded evaluation of that visibility, or a planned one (variant "planned": the core team's)."""
    community = place.cast.community
    number = 10 + Evaluation.objects.filter(community=community, number__gte=10).count()
    planned = variant == "planned"
    evaluation = make_evaluation(
        community,
        launch=LAUNCH,
        number=number,
        status=Evaluation.Status.PLANNED if planned else Evaluation.Status.CONCLUDED,
        visibility=Visibility.MEMBERS if planned else variant,
        culture=marker,
        conclusion=marker,
    )
    _filled(evaluation, marker)
    return evaluation


def _seen(listing, variant):
    return {"core_member", "admin"} if variant == "planned" else SEES[variant]


KINDS = {"evaluation": Kind(plant_evaluation, variants=[*VISIBILITIES, "planned"], seen=_seen)}

evaluation_id = lambda p: p.evaluation.pk  # noqa: E731
concluded_id = lambda p: p.concluded.pk  # noqa: E731

MATRIX = {
    "evaluations:list": ("get", url("evaluations:list"), everyone(200)),
    # A concluded evaluation the members may read.
    "evaluations:detail": ("get", url("evaluations:detail", concluded_id), members_only(200)),
    # The one in progress is the core team's until it is concluded.
    "evaluations:detail (in progress)": (
        "get",
        url("evaluations:detail", evaluation_id),
        {**MISSING, "core_member": 200, "admin": 200},
    ),
    "evaluations:download": ("get", url("evaluations:download", concluded_id, lambda p: "odt"), members_only(200)),
    "evaluations:download (docx)": (
        "get",
        url("evaluations:download", concluded_id, lambda p: "docx"),
        members_only(200),
    ),
    "evaluations:start": ("post", url("evaluations:start", lambda p: p.planned.pk), core_team_only(302)),
    "evaluations:interview_create": ("get", url("evaluations:interview_create", evaluation_id), core_team_only(200)),
    "evaluations:interview_edit": (
        "get",
        url("evaluations:interview_edit", evaluation_id, lambda p: p.evaluation_interview.pk),
        core_team_only(200),
    ),
    "evaluations:interview_delete": (
        "post",
        url("evaluations:interview_delete", evaluation_id, lambda p: p.evaluation_interview.pk),
        core_team_only(302),
    ),
    "evaluations:assessment": ("get", url("evaluations:assessment", evaluation_id), core_team_only(200)),
    # Sent without the version it was opened at, it is taken as a crossed edit: the form again.
    "evaluations:assessment (post)": ("post", url("evaluations:assessment", evaluation_id), core_team_only(200)),
    "evaluations:renewal_create": ("get", url("evaluations:renewal_create", evaluation_id), core_team_only(200)),
    "evaluations:renewal_edit": (
        "get",
        url("evaluations:renewal_edit", evaluation_id, lambda p: p.renewal_item.pk),
        core_team_only(200),
    ),
    "evaluations:renewal_delete": (
        "post",
        url("evaluations:renewal_delete", evaluation_id, lambda p: p.renewal_item.pk),
        core_team_only(302),
    ),
    "evaluations:renewal_action": (
        "post",
        url("evaluations:renewal_action", evaluation_id, lambda p: p.renewal_item.pk),
        core_team_only(302),
    ),
    # Without an assessment it is refused in the form: the page again, with the reason.
    "evaluations:conclude": ("post", url("evaluations:conclude", lambda p: p.planned.pk), core_team_only(200)),
    "evaluations:reopen": ("post", url("evaluations:reopen", concluded_id), core_team_only(302)),
}

# A member may change nothing here: refused before the thing is looked up.
editing = {"hidden": core_team_only(404)}

OBJECT_ROUTES = {
    "evaluations:detail": Route("get", "evaluation", thing_url("evaluations:detail", pk), everyone(200)),
    "evaluations:download": Route(
        "get", "evaluation", thing_url("evaluations:download", pk, lambda p, e: "docx"), everyone(200)
    ),
    "evaluations:assessment": Route(
        "get", "evaluation", thing_url("evaluations:assessment", pk), core_team_only(200), **editing
    ),
}
