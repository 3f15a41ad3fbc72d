"""A facilitator prepares a meeting's agenda and writes its minutes, without JavaScript forms
beyond the browser's own: the template with one button, an item moved and edited, the overflow
warned, then "Write the minutes" opens the knowledge base's editor prefilled; axe-core checks
every page on the way, at a laptop's width and a phone's."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.communities.models import Community
from terreau.demo import data as demo
from terreau.events.models import AgendaItem, Event, EventKind
from terreau.knowledge.models import KnowledgeItem

from .conftest import check_page

pytestmark = pytest.mark.browser

SAVE = re.compile(r"^(Enregistrer|Save)")


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main input[name=login]").fill("noyau@terreau.test")
    page.locator("main input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("width", [1280, 390])
def test_an_agenda_is_prepared_and_the_minutes_written(page, live_server, transactional_db, width):
    page.set_viewport_size({"width": width, "height": 900})
    demo.demo_load()
    community = Community.objects.get(phase="run")
    starts = timezone.now().replace(microsecond=0) - timedelta(days=1)
    event = Event.objects.create(
        community=community,
        kind=EventKind.MONTHLY_MEETING,
        title="Rencontre de la veille",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        visibility="members",
    )
    base = f"{live_server.url}/c/{community.slug}/events/{event.pk}"
    sign_in(page, live_server)

    page.goto(f"{base}/agenda/")
    check_page(page)
    page.get_by_role("button", name=re.compile(r"Utiliser le modèle|Use the template")).click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("table.agenda tbody tr")).to_have_count(4)
    # The template lasts 1 h 50 in an event of 1 h 30: the page says so.
    expect(page.locator("p.warning")).to_be_visible()
    check_page(page)

    # The topic of the month moves up, then is shortened to fit.
    topic = AgendaItem.objects.get(event=event, guide_key="monthly_topic")
    page.locator(f"#item-{topic.pk}").get_by_role("button", name=re.compile(r"^(Monter|Up)")).click()
    assert list(AgendaItem.objects.filter(event=event).values_list("guide_key", flat=True))[1] == "monthly_topic"
    page.locator(f"#item-{topic.pk}").get_by_role("link", name=re.compile(r"^(Modifier|Edit)")).click()
    check_page(page)
    page.locator("input[name=duration]").fill("40")
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("p.warning")).to_have_count(0)

    # The event's page draws the agenda, and offers the minutes once the meeting has started.
    page.goto(f"{base}/")
    check_page(page)
    page.get_by_role("button", name=re.compile(r"Rédiger le compte rendu|Write the minutes")).click()
    expect(page).to_have_url(re.compile(r"/knowledge/\d+/edit/$"))
    check_page(page)
    memo = KnowledgeItem.objects.get(pk=Event.objects.get(pk=event.pk).minutes_id)
    assert memo.title.startswith(("Compte rendu — Rencontre de la veille", "Minutes — Rencontre de la veille"))
    learned = page.locator("textarea[name='f-learned']")
    expect(learned).to_have_value(re.compile(r"^## "))
    learned.fill(learned.input_value() + "\n\nOn a parlé des marchés fermiers.")
    page.locator("main form").get_by_role("button", name=SAVE).first.click()
    expect(page).not_to_have_url(re.compile(r"/edit/$"))
    assert "marchés fermiers" in KnowledgeItem.objects.get(pk=memo.pk).fields["learned"]
    page.goto(f"{base}/")
    expect(page.locator("#panel-minutes")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(re.escape(memo.title)))).to_be_visible()
    check_page(page)
