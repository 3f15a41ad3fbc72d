"""A hand-counted year (2025, Europe/Brussels) of a small community, and the figures it gives.

m1 (the core member) joins Mon 3 March, m2 (the member) Wed 5 March, m3 (the observer)
Thu 10 April; m2 leaves Tue 20 May. Visits: m1 on 3 and 4 March, m2 on 5 March, m1 and m3 on
10 April. m1 asks on 4 March and publishes an item on 6 March; m2 reads a page on 5 March; m3
answers on 11 April; the weekly message goes out on Wed 5 March (and in no other week).
Questions (exchanges): first answers after 6 h (4 March), 48 h (12 March) and 3 h (20 March);
one accepted after 24 h (5 March). Events: 12 March held, attendance recorded, m1 came and m2
did not (2 members that day: 50 %); 20 March cancelled.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from terreau.events.models import Event, Registration
from terreau.exchanges.models import Question
from terreau.stats import log
from terreau.stats.models import Activity, Kind

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS)


def build(cast):
    community = cast.community
    Activity.objects.all().delete()
    m1, m2, m3 = (cast.membership(user) for user in (cast.core_member, cast.member, cast.observer))
    rows = []

    def add(kind, membership, day, hour=10, **fields):
        rows.append(log.row(community, kind, membership=membership, occurred_at=at(day, hour), **fields))

    add(Kind.JOINED, m1, date(2025, 3, 3), 8, thing=m1)
    add(Kind.JOINED, m2, date(2025, 3, 5), 8, thing=m2)
    add(Kind.JOINED, m3, date(2025, 4, 10), 8, thing=m3)
    add(Kind.LEFT, m2, date(2025, 5, 20), thing=m2)
    for membership, day in [
        (m1, date(2025, 3, 3)),
        (m1, date(2025, 3, 4)),
        (m2, date(2025, 3, 5)),
        (m3, date(2025, 4, 10)),
        (m1, date(2025, 4, 10)),
    ]:
        add(Kind.CONNECTION, membership, day)
    add(Kind.QUESTION, m1, date(2025, 3, 4), object_type="exchanges.question", object_id=1)
    add(Kind.KNOWLEDGE_PUBLISHED, m1, date(2025, 3, 6), object_type="knowledge.knowledgeitem", object_id=1)
    add(Kind.CONSULTATION, m2, date(2025, 3, 5), object_type="knowledge.knowledgeitem", object_id=1)
    add(Kind.ANSWER, m3, date(2025, 4, 11), object_type="exchanges.answer", object_id=1)
    add(Kind.WEEKLY_MESSAGE, m1, date(2025, 3, 5), 23)  # 23:00 in Brussels is still the 5th
    Activity.objects.bulk_create(rows)

    for asked, first_after, accepted_after in [
        (at(date(2025, 3, 4)), 6, 24),
        (at(date(2025, 3, 10), 9), 48, None),
        (at(date(2025, 3, 20), 9), 3, None),
    ]:
        question = Question.objects.create(community=community, author=cast.core_member, title="Q")
        Question.objects.filter(pk=question.pk).update(
            created_at=asked,
            first_answer_at=asked + timedelta(hours=first_after),
            accepted_at=asked + timedelta(hours=accepted_after) if accepted_after else None,
        )

    held = Event.objects.create(
        community=community,
        title="Rencontre de mars",
        starts_at=at(date(2025, 3, 12), 18),
        ends_at=at(date(2025, 3, 12), 20),
        attendance_recorded_at=at(date(2025, 3, 13)),
    )
    Registration.objects.create(event=held, user=cast.core_member, attended=True)
    Registration.objects.create(event=held, user=cast.member, attended=False)
    Event.objects.create(
        community=community,
        title="Atelier annulé",
        starts_at=at(date(2025, 3, 20), 18),
        ends_at=at(date(2025, 3, 20), 20),
        status=Event.Status.CANCELLED,
    )
    return m1, m2, m3


# What each period gives, counted by hand from the story above.
EXPECTED = {
    ("day", date(2025, 3, 3)): {"members": 1, "new_members": 1, "active_members": 1, "connections": 1},
    ("day", date(2025, 3, 4)): {
        "members": 1,
        "active_members": 1,
        "connections": 1,
        "questions": 1,
        "first_answers": 1,
        "first_answer_hours": 6.0,
    },
    ("day", date(2025, 3, 5)): {
        "members": 2,
        "new_members": 1,
        "active_members": 2,
        "connections": 1,
        "consultations": 1,
        "weekly_messages": 1,
        "accepted_answers": 1,
        "accepted_hours": 24.0,
    },
    ("day", date(2025, 3, 12)): {
        "members": 2,
        "active_members": 1,
        "events_held": 1,
        "attendances": 1,
        "attendance_base": 2,
        "first_answers": 1,
        "first_answer_hours": 48.0,
    },
    ("day", date(2025, 5, 20)): {"members": 2, "departed_members": 1, "active_members": 0},
    ("week", date(2025, 3, 3)): {
        "members": 2,
        "new_members": 2,
        "active_members": 2,
        "connected_members": 2,
        "connections": 3,
        "consultations": 1,
        "questions": 1,
        "knowledge_published": 1,
        "first_answers": 1,
        "first_answer_hours": 6.0,
        "accepted_answers": 1,
        "accepted_hours": 24.0,
        "weekly_messages": 1,
        "weeks_kept": 1,
        "weeks_total": 1,
    },
    ("week", date(2025, 3, 10)): {
        "members": 2,
        "active_members": 1,
        "events_held": 1,
        "attendances": 1,
        "attendance_base": 2,
        "first_answer_hours": 48.0,
        "weeks_kept": 0,
        "weeks_total": 1,
    },
    ("month", date(2025, 3, 1)): {
        "members": 2,
        "new_members": 2,
        "active_members": 2,
        "connections": 3,
        "questions": 1,
        "answers": 0,
        "events_held": 1,
        "events_cancelled": 1,
        "attendances": 1,
        "attendance_base": 2,
        "first_answers": 3,
        "first_answer_hours": 6.0,
        "accepted_answers": 1,
        "accepted_hours": 24.0,
        "weeks_kept": 1,
        "weeks_total": 5,
    },
    ("month", date(2025, 4, 1)): {
        "members": 3,
        "new_members": 1,
        "active_members": 2,
        "connected_members": 2,
        "connections": 2,
        "answers": 1,
        "first_answers": 0,
        "first_answer_hours": None,
        "weeks_kept": 0,
        "weeks_total": 4,
    },
    ("month", date(2025, 5, 1)): {"members": 2, "departed_members": 1, "active_members": 0, "connections": 0},
    ("quarter", date(2025, 1, 1)): {
        "members": 2,
        "new_members": 2,
        "active_members": 2,
        "connections": 3,
        "weeks_kept": 1,
        "weeks_total": 5,
    },
    ("quarter", date(2025, 4, 1)): {
        "members": 2,
        "new_members": 1,
        "departed_members": 1,
        "active_members": 2,
        "connections": 2,
        "answers": 1,
    },
    ("year", date(2025, 1, 1)): {
        "members": 2,
        "new_members": 3,
        "departed_members": 1,
        "active_members": 3,
        "connected_members": 3,
        "connections": 5,
        "consultations": 1,
        "questions": 1,
        "answers": 1,
        "knowledge_published": 1,
        "events_held": 1,
        "events_cancelled": 1,
        "first_answers": 3,
        "first_answer_hours": 6.0,
        "weeks_kept": 1,
        "weeks_total": 44,
    },
}
