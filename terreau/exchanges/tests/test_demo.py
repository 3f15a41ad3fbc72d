"""The demo data of the exchanges load on a community and show what the pages are for."""

import pytest
from django.utils import timezone

from terreau.exchanges import demo, selectors
from terreau.exchanges.models import FeedItem, Kudos, Notification, Question, WeeklyMessage

pytestmark = pytest.mark.django_db


def test_the_demo_shows_questions_kudos_a_weekly_message_and_the_rhythm(cast):
    community = cast.community
    demo.demo_load(community=community, core=cast.membership(cast.core_member))
    questions = list(Question.objects.filter(community=community))
    assert len(questions) == 4
    assert sum(q.accepted_answer_id is not None for q in questions) == 1
    waiting = [q for q in questions if q.first_answer_at is None]
    assert len(waiting) == 1 and (timezone.now() - waiting[0].created_at).days == 3
    assert Kudos.objects.filter(community=community).count() == 2
    assert WeeklyMessage.objects.filter(community=community).count() == 1
    assert selectors.weekly_sent_this_week(community) is None  # last week's: this week's is to write
    assert FeedItem.objects.filter(community=community).exists()
    assert Notification.objects.filter(community=community, read_at__isnull=True).exists()
    rows = selectors.rhythm_overview(community)
    assert len([row for row in rows if row["out_of_reach"]]) == 1
    assert all(row["holds"] for row in rows if not row["out_of_reach"])
