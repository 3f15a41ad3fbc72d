"""The weekly hour tells the core team to prepare an evaluation a month ahead, and no one else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.core import weekly
from terreau.evaluations.models import Evaluation
from terreau.evaluations.weekly import next_evaluation_task


def _week(user, community, today):
    now = timezone.now()
    return weekly.Week(user=user, community=community, now=now, today=today)


@pytest.fixture
def community(cast):
    return cast.community


@pytest.fixture
def core_user(cast):
    return cast.core_member


@pytest.fixture
def member_user(cast):
    return cast.member


@pytest.fixture
def evaluation(community):
    today = timezone.localdate()
    return Evaluation.objects.create(
        community=community,
        number=1,
        months=3,
        period_start=today - timedelta(days=80),
        period_end=today + timedelta(days=10),
    )


def test_a_planned_evaluation_within_a_month_is_to_do_for_the_core_team(community, core_user, evaluation):
    task = next_evaluation_task(_week(core_user, community, timezone.localdate()))
    assert task is not None and not task.done
    assert task.url == reverse("evaluations:detail", args=[community.slug, evaluation.pk])


def test_far_away_or_started_it_is_nothing_waiting(community, core_user, evaluation):
    far = timezone.localdate() - timedelta(days=60)
    assert next_evaluation_task(_week(core_user, community, far)).done
    evaluation.status = Evaluation.Status.IN_PROGRESS
    evaluation.save()
    assert next_evaluation_task(_week(core_user, community, timezone.localdate())).done


def test_a_member_is_not_given_it(community, member_user, evaluation):
    assert next_evaluation_task(_week(member_user, community, timezone.localdate())) is None


def test_it_is_registered_in_the_weekly_hour():
    assert "evaluation" in weekly.registered()
