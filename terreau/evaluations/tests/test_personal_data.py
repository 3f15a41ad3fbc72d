"""What the evaluations hold of a person: exported for them, their name made neutral on erasure."""

from datetime import date

from terreau.core import personal_data
from terreau.evaluations.models import Heading, Interview, RenewalItem

from .factories import make_evaluation


def test_a_member_downloads_their_interviews_and_the_renewal_items_they_carry(cast):
    evaluation = make_evaluation(cast.community)
    member = cast.membership(cast.member)
    Interview.objects.create(
        evaluation=evaluation, interviewee=member, held_on=date(2026, 4, 1), notes="Manque de temps le soir."
    )
    Interview.objects.create(evaluation=evaluation, interviewee_name="Partenaire", held_on=date(2026, 4, 2), notes="x")
    RenewalItem.objects.create(evaluation=evaluation, heading=Heading.THEMES, text="Le vrac", owner=member)
    data = personal_data.export(cast.member)["evaluations"].data
    assert [row["notes"] for row in data["interviews"]] == ["Manque de temps le soir."]
    assert [row["text"] for row in data["renewal_items"]] == ["Le vrac"]
    assert personal_data.export(cast.observer)["evaluations"].data == {"interviews": [], "renewal_items": []}


def test_erasing_an_account_leaves_the_interview_under_the_neutral_name(cast):
    evaluation = make_evaluation(cast.community)
    interview = Interview.objects.create(
        evaluation=evaluation,
        interviewee=cast.membership(cast.member),
        interviewee_name="Julie Martin, productrice",
        held_on=date(2026, 4, 1),
        notes="Julie Martin trouve les rencontres utiles.",
    )
    personal_data.erase(cast.member, "Ancien membre")
    interview.refresh_from_db()
    assert interview.interviewee_name == ""
    assert "Julie Martin" not in interview.notes
