"""Issue 14's journey, the parts joined in Chromium: the community runs, launched some 11 weeks
ago, so its 3-month evaluation is scheduled. The core team runs the guide's satisfaction survey,
three members answer it in their own browsers, and the evaluation, built from the period's
figures and that survey, turns a renewal item into an action of the action plan. axe-core checks
every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.communities.models import Phase
from terreau.evaluations import services as evaluations
from terreau.evaluations.models import Evaluation, RenewalItem
from terreau.evaluations.tests.factories import launch_on
from terreau.launch.models import Action
from terreau.surveys.models import Survey

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser

SUBMIT = "main form button[type=submit]"


def test_a_survey_answered_by_three_members_feeds_the_evaluation_whose_renewal_item_becomes_an_action(
    browser, live_server, cast
):
    community = cast.community
    community.phase = Phase.RUN
    community.save()
    launch_on(community, timezone.localdate() - timedelta(days=80))
    evaluations.schedule_all()
    evaluation = Evaluation.objects.get(community=community)
    base = f"{live_server.url}/c/{community.slug}"
    core = signed_in(browser, live_server, cast.core_member.email)

    # The satisfaction survey, from the guide's template, opened to the members.
    visit(core, f"{base}/surveys/new/")
    core.locator("select[name=template]").select_option("satisfaction")
    core.locator(SUBMIT).first.click()
    expect(core).to_have_url(re.compile(r"/surveys/\d+/$"))
    survey = Survey.objects.get(community=community)
    core.locator(f"form[action$='/surveys/{survey.pk}/open/'] button").click()
    check_page(core)

    # Three members answer it, each in their own browser.
    for person, word in [(cast.member, "Plus de visites"), (cast.observer, "Rien"), (cast.facilitator, "Un atelier")]:
        member = signed_in(browser, live_server, person.email)
        visit(member, f"{base}/surveys/{survey.pk}/answer/")
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
        member.context.close()

    # The evaluation gathers the period's figures and the survey's results.
    visit(core, f"{base}/evaluations/{evaluation.pk}/")
    main = core.locator("main")
    expect(main.locator(f"a[href$='/surveys/{survey.pk}/results/']").first).to_be_visible()
    expect(main).to_contain_text(re.compile(r"3 (réponses|responses)"))
    check_page(core)

    # A renewal item, made an action the action plan shows.
    item_form = core.locator(f"form[action$='/evaluations/{evaluation.pk}/renewal/new/']")
    item_form.locator("select[name=heading]").select_option("activities")
    item_form.locator("textarea[name=text]").fill("Une visite d'exploitation par trimestre")
    item_form.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    item_form.locator("button[type=submit]").click()
    item = RenewalItem.objects.get(evaluation=evaluation)
    core.locator(f"#item-{item.pk} form[action$='/action/'] button").click()
    action = Action.objects.get(community=community, renewal_items=item)
    core.locator(f"#item-{item.pk} a[href$='#action-{action.pk}']").click()
    expect(core.locator(f"#action-{action.pk}")).to_contain_text("Une visite d'exploitation par trimestre")
    check_page(core)
    core.context.close()
