"""A core team walks the demo community being defined through define → design → launch.

Answer the guide's questions, map three stakeholders, write and adopt the charter, open a
call for expressions of interest, let a visitor answer it, accept them, plan three actions
and download the launch pack; axe-core checks every page on the way.
"""

import io
import re
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.calls.models import Application, Call
from terreau.communities.models import Community, Invitation
from terreau.definition.models import Stakeholder
from terreau.demo import data as demo
from terreau.launch.models import Action
from terreau.lifecycle.models import Answer

from .conftest import check_page

pytestmark = pytest.mark.browser

SLUG = "mobilite-rurale"
SAVE = re.compile(r"^(Enregistrer|Save)")


def sign_in_as_core_team(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main input[name=login]").fill("noyau@terreau.test")
    page.locator("main input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def visit(page, url):
    page.goto(url)
    check_page(page)


def test_a_core_team_defines_designs_and_launches_its_community(page, live_server, browser, transactional_db):
    demo.demo_load()
    base = f"{live_server.url}/c/{SLUG}"
    sign_in_as_core_team(page, live_server)

    # Define: the workspace, a question answered and settled.
    visit(page, f"{base}/workspace/")
    page.get_by_role("link", name=re.compile(r"questions")).first.click()
    check_page(page)
    visit(page, f"{base}/workspace/questions/define.members/")
    page.locator("textarea[name=text]").fill("De l'**entraide** entre GAL et des pratiques éprouvées.")
    page.locator("input[name=status][value=settled]").check()
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator(".message.success")).to_be_visible()
    check_page(page)
    assert Answer.objects.get(community__slug=SLUG, question="define.members").status == "settled"

    # Three stakeholders on the map.
    for name, interest, influence in [("Commune de Gesves", "4", "5"), ("Taxi social", "5", "2"), ("SNCB", "2", "5")]:
        visit(page, f"{base}/stakeholders/new/")
        page.locator("input[name=name]").fill(name)
        page.locator(f"input[name=interest][value='{interest}']").check()
        page.locator(f"input[name=influence][value='{influence}']").check()
        page.locator("main form").get_by_role("button", name=SAVE).click()
        expect(page.locator(".message.success")).to_be_visible()
    visit(page, f"{base}/stakeholders/")
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert Stakeholder.objects.filter(community__slug=SLUG).count() == 6  # three from the demo

    # Design: move on, write the charter (pre-filled) and adopt it.
    visit(page, f"{base}/workspace/")
    page.locator("details.advance summary").click()  # a deliberate act: open, then confirm
    page.locator("form[action$='/workspace/advance/'] button").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert Community.objects.get(slug=SLUG).phase == "design"
    visit(page, f"{base}/charter/edit/")
    page.locator("textarea[name=decision_modes], textarea[name=decisions]").first.fill("Par consentement.")
    page.locator("main form").get_by_role("button", name=SAVE).click()
    check_page(page)
    # Adopted by the core team's consent: the decision run live, each say written down.
    page.get_by_role("button", name=re.compile(r"(Soumettre la version|Submit version) 1")).click()
    check_page(page)
    page.locator("a[href$='/live/']").click()
    page.locator("form[action$='/step/'] button").first.click()  # open the round of reactions
    while page.locator(".live-round textarea").count():
        page.locator(".live-round textarea").first.fill("D'accord.")
        page.locator(".live-round form button").first.click()
    check_page(page)
    page.locator("form[action$='/step/'] button").first.click()  # keep the text
    while page.locator(".live-round input[name=kind][value=consent]").count():
        page.locator(".live-round form:has(input[value=consent]) button").first.click()
    visit(page, f"{base}/charter/")
    expect(page.locator(".badge.adopted")).to_be_visible()

    # Launch: move on, open a call.
    visit(page, f"{base}/workspace/")
    page.locator("details.advance summary").click()  # a deliberate act: open, then confirm
    page.locator("form[action$='/workspace/advance/'] button").click()
    assert Community.objects.get(slug=SLUG).phase == "launch"
    visit(page, f"{base}/calls/new/")
    page.locator("input[name=title]").fill("Appel : journée de lancement")
    page.locator("textarea[name=text]").fill("Venez construire la communauté avec nous.")
    page.locator("input[name=closes_on]").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.locator("input[name='questions-0-text']").fill("Quel village habitez-vous ?")
    page.locator("main form").get_by_role("button", name=re.compile(r"Lancer l'appel|Open the call")).click()
    expect(page.locator(".message.success")).to_be_visible()
    check_page(page)
    call = Call.objects.get(title="Appel : journée de lancement")

    # A visitor answers the call, without an account.
    visitor = browser.new_context(locale="fr-BE")
    public = visitor.new_page()
    public.goto(f"{base}/calls/{call.token}/")
    check_page(public)
    public.locator("input[name=name]").fill("Paul Visiteur")
    public.locator("input[name=email]").fill("paul@exemple.be")
    public.locator("textarea[name=motivation]").fill("Je conduis le bus scolaire de ma commune.")
    public.locator("input[name=engagement][value=resource]").check()
    public.locator("main form button[type=submit]").click()
    expect(public).to_have_url(re.compile(r"/thanks/$"))
    expect(public.locator("h1")).to_have_text("Merci pour votre réponse")
    check_page(public)
    visitor.close()

    # The core team accepts: an invitation goes out.
    visit(page, f"{base}/calls/{call.pk}/applications/")
    page.get_by_role("button", name=re.compile(r"Paul Visiteur")).first.click()
    check_page(page)
    assert Application.objects.get(email="paul@exemple.be").status == "accepted"
    assert Invitation.objects.filter(email="paul@exemple.be", community__slug=SLUG).exists()

    # Three actions for the next three months.
    for title in ("Réunir les communes", "Tester le covoiturage", "Fiche bonne pratique"):
        visit(page, f"{base}/action-plan/new/")
        page.locator("input[name=title]").fill(title)
        page.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=30)).isoformat())
        page.locator("main form").get_by_role("button", name=SAVE).click()
        expect(page.locator(".message.success")).to_be_visible()
    visit(page, f"{base}/action-plan/")
    assert Action.objects.filter(community__slug=SLUG).count() == 3

    # The launch pack, on screen and downloaded.
    visit(page, f"{base}/launch-pack/")
    expect(page.get_by_text("Par consentement.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\.docx")).click()
    opened = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    assert "Tester le covoiturage" in cells
