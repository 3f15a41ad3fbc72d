"""A satisfaction survey end to end, in Chromium: a core-team member starts it from the guide's
template, opens it; three members answer it, each in their own browser, anonymously; the core
team reads the results (charts with their tables, the written answers). axe-core checks every
page on the way at a laptop's width, the answer and results pages also at a phone's (390)."""

import re

import pytest
from playwright.sync_api import expect

from terreau.surveys.models import Participation, Response, Survey

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit
from .test_meeting_rhythm_journey import at_phone_width

pytestmark = pytest.mark.browser

SUBMIT = "main form button[type=submit]"


def test_the_satisfaction_survey_run_answered_by_three_members_and_read(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"
    core = signed_in(browser, live_server, cast.core_member.email)

    # The core team starts the survey from the guide's template and opens it.
    visit(core, f"{base}/surveys/")
    core.locator(f"a[href='/c/{cast.community.slug}/surveys/new/']").click()
    check_page(core)
    core.locator("select[name=template]").select_option("satisfaction")
    core.locator(SUBMIT).first.click()
    expect(core).to_have_url(re.compile(r"/surveys/\d+/$"))
    check_page(core)
    survey = Survey.objects.get(community=cast.community)
    assert survey.questions.count() == 11
    core.locator(f"form[action$='/surveys/{survey.pk}/open/'] button").click()
    expect(core.locator("h1 .badge.adopted")).to_be_visible()
    check_page(core)

    # Three members answer, each in their own browser.
    answer_url = f"{base}/surveys/{survey.pk}/answer/"
    for person, word in [(cast.member, "Plus de visites"), (cast.observer, "Rien"), (cast.facilitator, "Un atelier")]:
        member = signed_in(browser, live_server, person.email)
        if person == cast.member:
            at_phone_width(member, [answer_url])
        visit(member, answer_url)
        for question in survey.questions.all():
            name = f"q{question.pk}"
            if question.kind == "likert":
                member.locator(f"input[name={name}][value='4']").check()
            elif question.kind == "multiple":
                member.locator(f"input[name={name}]").first.check()
            else:
                member.locator(f"textarea[name={name}]").fill(f"{word} ({question.pk})")
        member.locator(SUBMIT).first.click()
        expect(member).to_have_url(re.compile(rf"/surveys/{survey.pk}/$"))
        check_page(member)
        member.context.close()
    assert Response.objects.filter(survey=survey).count() == 3
    assert Participation.objects.filter(survey=survey).count() == 3

    # The core team reads the results.
    results = f"{base}/surveys/{survey.pk}/results/"
    visit(core, results)
    expect(core.locator("svg[role=img]")).to_have_count(8)
    expect(core.locator("main")).to_contain_text("Plus de visites")
    at_phone_width(core, [results])
    core.context.close()
