"""A call for expressions of interest, walked in Chromium: a visitor answers, the core team is told
(notification, home page) and accepts; a person the admin allowed creates a community.

Labels are matched by regexes accepting French and English, or elements by name and id;
axe-core checks every page on the way.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from terreau.calls.models import Application
from terreau.calls.tests.factories import open_call
from terreau.communities.models import Community, Invitation

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("TERREAU_JOURNEY_SHOTS", "")) if os.environ.get("TERREAU_JOURNEY_SHOTS") else None


def shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_an_answer_reaches_the_core_team_who_accepts_it(browser, live_server, cast):
    call = open_call(cast, title="Rejoignez les circuits courts")

    # A visitor answers, without an account.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visit(visitor, f"{live_server.url}{call.get_absolute_url()}")
    visitor.locator("#id_name").fill("Léa Dupont")
    visitor.locator("#id_email").fill("lea@exemple.be")
    visitor.locator("#id_organisation").fill("Ferme du Bocage")
    visitor.locator("#id_motivation").fill("Je vends mes légumes en direct.")
    visitor.locator("input[name=engagement][value=carrier]").check()
    visitor.locator("main form button[type=submit]").click()
    expect(visitor).to_have_url(re.compile(r"/thanks/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Merci pour votre réponse|Thank you for your answer")
    )
    expect(visitor.locator("main")).to_contain_text("lea@exemple.be")
    expect(visitor.locator("main form")).to_have_count(0)  # the form does not come back
    check_page(visitor)
    shot(visitor, "1-thanks")

    # The core team: a count on the home page, a notification that leads to the applications.
    core = signed_in(browser, live_server, cast.core_member.email)
    visit(core, f"{live_server.url}/")
    expect(core.locator("main .news")).to_contain_text(re.compile(r"1 (réponse à un appel|answer to a call)"))
    shot(core, "2-home")
    visit(core, f"{live_server.url}/notifications/")
    notification = core.locator("main").get_by_role("link", name=re.compile(r"Léa Dupont"))
    expect(notification.first).to_be_visible()
    shot(core, "3-notifications")
    notification.first.click()
    expect(core).to_have_url(re.compile(rf"/calls/{call.pk}/applications/"))
    check_page(core)
    shot(core, "4-applications")
    core.locator("main button[name=decision][value=accept]").first.click()
    expect(core.locator(".message").first).to_contain_text("lea@exemple.be")
    check_page(core)
    shot(core, "5-accepted")
    assert Application.objects.get().status == Application.Status.ACCEPTED
    invitation = Invitation.objects.get(email="lea@exemple.be")
    assert (invitation.engagement, invitation.name, invitation.organisation) == (
        "carrier",
        "Léa Dupont",
        "Ferme du Bocage",
    )


def test_a_person_the_admin_allows_creates_a_community_with_the_short_address_suggested(browser, live_server, cast):
    cast.facilitator.user_permissions.add(
        Permission.objects.get(codename="add_community", content_type__app_label="communities")
    )
    page = signed_in(browser, live_server, cast.facilitator.email)
    visit(page, f"{live_server.url}/communities/new/")
    page.locator("#id_name").fill("Énergie citoyenne du Condroz")
    expect(page.locator("#id_slug")).to_have_value("energie-citoyenne-du-condroz")
    page.locator("#id_purpose").fill("Partager nos coopératives.")
    shot(page, "6-create")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/c/energie-citoyenne-du-condroz/invitations/"))
    check_page(page)
    assert Community.objects.filter(slug="energie-citoyenne-du-condroz").exists()
