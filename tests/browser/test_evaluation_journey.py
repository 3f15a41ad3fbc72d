"""An evaluation end to end, in Chromium: the community was launched some 11 weeks ago and the
daily job has made its 3-month evaluation and told the core team. A core member opens it from
the workspace, records a collective interview and the team's assessment, adds an item to the
renewal plan and makes it an action, which the action plan then shows. axe-core checks every
page on the way at a laptop's width, the list and the evaluation also at a phone's (390)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.communities.models import Phase
from terreau.evaluations import services
from terreau.evaluations.models import Evaluation, Interview, RenewalItem
from terreau.evaluations.tests.factories import launch_on
from terreau.exchanges.models import Notification, NotificationKind
from terreau.launch.models import Action

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def words(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(re.escape(text) for text in alternatives))


def test_an_evaluation_recorded_and_a_renewal_item_made_an_action(browser, live_server, cast):
    community = cast.community
    community.phase = Phase.RUN
    community.save()
    launch_on(community, timezone.localdate() - timedelta(days=80))
    services.schedule_all()
    evaluation = Evaluation.objects.get(community=community)
    assert Notification.objects.filter(recipient=cast.core_member, kind=NotificationKind.EVALUATION).exists()
    base = f"{live_server.url}/c/{community.slug}"

    core = signed_in(browser, live_server, cast.core_member.email)
    visit(core, f"{base}/workspace/")
    core.get_by_role(
        "link", name=words("Évaluations et plan de renouvellement", "Evaluations and renewal plan")
    ).click()
    check_page(core)
    core.get_by_role("link", name=words("Évaluation à 3 mois", "Evaluation at 3 months")).click()
    expect(core).to_have_url(f"{base}/evaluations/{evaluation.pk}/")
    check_page(core)

    # A collective interview, recorded from the page's own form.
    interview = core.locator(f"form[action$='/evaluations/{evaluation.pk}/interviews/new/']")
    interview.locator("input[name=interviewee_name]").fill("Groupe logistique (entretien collectif)")
    interview.locator("textarea[name=notes]").fill("Le groupe manque d'un·e pilote ; les comptes rendus arrivent tard.")
    interview.locator("button[type=submit]").click()
    expect(core.locator("#interviews .card h3").first).to_have_text("Groupe logistique (entretien collectif)")
    check_page(core)
    assert Interview.objects.get(evaluation=evaluation).interviewer.user == cast.core_member

    # The team's assessment, on its own page.
    core.locator(f"a[href$='/evaluations/{evaluation.pk}/assessment/']").click()
    check_page(core)
    core.locator("textarea[name=culture]").fill("La confiance s'installe.")
    core.locator("input[name=culture_rating][value='3']").check()
    core.locator("textarea[name=processes]").fill("Les rencontres tiennent leur rythme.")
    core.locator("main form button[type=submit]").click()
    expect(core.locator("#assessment")).to_contain_text("La confiance s'installe.")
    check_page(core)

    # A renewal item, made an action of the plan.
    item_form = core.locator(f"form[action$='/evaluations/{evaluation.pk}/renewal/new/']")
    item_form.locator("select[name=heading]").select_option("activities")
    item_form.locator("textarea[name=text]").fill("Une visite d'exploitation par trimestre")
    item_form.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    item_form.locator("button[type=submit]").click()
    item = RenewalItem.objects.get(evaluation=evaluation)
    card = core.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("Une visite d'exploitation par trimestre")
    check_page(core)
    card.locator("form[action$='/action/'] button").click()
    action = Action.objects.get(community=community)
    expect(core.locator(f"#item-{item.pk} a[href$='#action-{action.pk}']")).to_be_visible()
    check_page(core)

    # The action plan shows it.
    core.locator(f"#item-{item.pk} a[href$='#action-{action.pk}']").click()
    expect(core.locator(f"#action-{action.pk}")).to_contain_text("Une visite d'exploitation par trimestre")
    check_page(core)
    assert action.due_date == item.due_date

    # On a phone.
    core.set_viewport_size({"width": 390, "height": 844})
    for url in (f"{base}/evaluations/", f"{base}/evaluations/{evaluation.pk}/"):
        visit(core, url)
