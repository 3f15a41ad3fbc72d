"""The demo's evaluations for the running community."""

import pytest

from terreau.communities.models import Community
from terreau.demo import data as demo
from terreau.evaluations.models import Evaluation, Interview, RenewalItem


@pytest.mark.django_db
def test_the_running_community_has_two_concluded_evaluations_and_the_next_planned():
    demo.demo_load()
    running = Community.objects.get(slug="circuits-courts")
    evaluations = list(Evaluation.objects.filter(community=running).order_by("number"))
    assert [(e.months, e.status) for e in evaluations] == [(3, "concluded"), (6, "concluded"), (9, "planned")]
    for evaluation in evaluations[:2]:
        assert Interview.objects.filter(evaluation=evaluation).count() == 3
        assert evaluation.has_assessment and evaluation.visibility == "members"
        items = RenewalItem.objects.filter(evaluation=evaluation)
        assert items.count() == 4 and items.filter(action__isnull=False).count() == 2
