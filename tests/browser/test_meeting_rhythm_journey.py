"""The meeting rhythm end to end, in Chromium: a facilitator plans "le premier mardi du mois"
through the form; two members register to the first meeting; the facilitator cancels the next
one with a reason, is refused the one after (the guide's rule), then confirms it with a reason,
which the series' history keeps; after the first meeting she records who came (one of the two
registered, a member who came without registering, a guest) and writes the minutes in the
knowledge base's editor; a content manager publishes them and the event page shows them.
axe-core checks every page on the way at a laptop's width, the calendar and event pages also at
a phone's (390)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.events.models import Event, History, Registration, Series
from terreau.knowledge.models import ItemStatus, KnowledgeItem

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser

TITLE = "Rencontre du premier mardi"
SUBMIT = "main form button[type=submit]"


def words(*alternatives: str) -> re.Pattern:
    """The French or the English label, whole."""
    return re.compile("^(" + "|".join(re.escape(text) for text in alternatives) + ")$")


def at_phone_width(page, urls: list[str]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        visit(page, url)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_year_of_meetings_planned_cancelled_attended_and_written_up(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"
    facilitator = signed_in(browser, live_server, cast.facilitator.email)

    # The facilitator plans the monthly meetings, from the community calendar, in plain words.
    visit(facilitator, f"{base}/events/")
    facilitator.get_by_role("link", name=words("Prévoir des rencontres régulières", "Plan regular meetings")).click()
    check_page(facilitator)
    facilitator.locator("input[name=title]").fill(TITLE)
    facilitator.locator("input[name=pattern][value=monthly_weekday]").check()
    facilitator.locator("select[name=nth]").select_option("1")  # le premier
    facilitator.locator("select[name=weekday]").select_option("1")  # mardi
    facilitator.locator("input[name=start_day]").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    facilitator.locator("input[name=starts]").fill("18:30")
    facilitator.locator("input[name=ends]").fill("20:00")
    facilitator.locator("input[name=format][value=in_person]").check()
    facilitator.locator("input[name=place]").fill("Maison rurale de Ciney")
    facilitator.locator(SUBMIT).first.click()
    expect(facilitator).to_have_url(re.compile(r"/events/series/\d+/$"))
    expect(facilitator.locator("p.lead")).to_contain_text("18:30–20:00")
    check_page(facilitator)
    series = Series.objects.get(community=cast.community, title=TITLE)
    assert series.rule == "FREQ=MONTHLY;BYDAY=1TU"
    first, second, third = series.events.order_by("starts_at")[:3]
    here = timezone.get_current_timezone()
    assert [
        (event.starts_at.astimezone(here).weekday(), event.starts_at.astimezone(here).day <= 7)
        for event in (first, second)
    ] == [(1, True)] * 2

    # Two members register to the first meeting, each in their own browser.
    first_url = f"{base}/events/{first.pk}/"
    for person in (cast.member, cast.observer):
        member = signed_in(browser, live_server, person.email)
        visit(member, first_url)
        register = words("S’inscrire", "S'inscrire", "Register")
        member.locator("#registration").get_by_role("button", name=register).click()
        expect(member.locator("#registration .notice")).to_be_visible()
        check_page(member)
        member.context.close()
    registered = Registration.objects.filter(event=first, status=Registration.Status.REGISTERED)
    assert set(registered.values_list("user_id", flat=True)) == {cast.member.pk, cast.observer.pk}

    # She cancels the second meeting with a reason...
    visit(facilitator, f"{base}/events/{second.pk}/")
    facilitator.get_by_role("link", name=words("Annuler cet événement", "Cancel this event")).click()
    check_page(facilitator)
    facilitator.locator("textarea[name=reason]").fill("Salle indisponible")
    facilitator.locator(SUBMIT).first.click()
    expect(facilitator.locator("h1 .badge.cancelled")).to_be_visible()
    check_page(facilitator)
    assert Event.objects.get(pk=second.pk).is_cancelled

    # ... is refused the third with the guide's rule, then confirms it with a reason.
    visit(facilitator, f"{base}/events/{third.pk}/")
    facilitator.get_by_role("link", name=words("Annuler cet événement", "Cancel this event")).click()
    check_page(facilitator)
    facilitator.locator("textarea[name=reason]").fill("Peu d'inscrits")
    facilitator.locator(SUBMIT).first.click()
    expect(facilitator.locator(".errors")).to_contain_text(re.compile(r"deux rencontres|two meetings in a row"))
    check_page(facilitator)
    assert not Event.objects.get(pk=third.pk).is_cancelled
    facilitator.locator("textarea[name=reason]").fill("Inondations dans la vallée")
    facilitator.locator("input[name=confirm]").check()
    facilitator.locator(SUBMIT).first.click()
    expect(facilitator.locator("h1 .badge.cancelled")).to_be_visible()
    check_page(facilitator)
    third.refresh_from_db()
    assert third.is_cancelled and third.cancel_confirmed_by == cast.facilitator

    # The series' history keeps the refused attempt and the confirmed reason.
    visit(facilitator, f"{base}/events/series/{series.pk}/")
    history = facilitator.locator("ul.history")
    expect(history).to_contain_text("Inondations dans la vallée")
    expect(history).to_contain_text("Peu d'inscrits")
    expect(history).to_contain_text("Salle indisponible")
    assert History.objects.filter(event=third, what=History.What.CANCEL_REFUSED).count() == 1

    # The calendar, list and month, shows the cancelled meetings as such.
    visit(facilitator, f"{base}/events/")
    month = first.starts_at.astimezone(timezone.get_current_timezone())
    visit(facilitator, f"{base}/events/{month.year}/{month.month}/")
    at_phone_width(
        facilitator,
        [
            f"{base}/events/",
            f"{base}/events/{month.year}/{month.month}/",
            first_url,
            f"{base}/events/{third.pk}/",
            f"{base}/events/series/{series.pk}/",
        ],
    )

    # The first meeting took place yesterday evening: she records who came.
    yesterday = timezone.now().replace(microsecond=0) - timedelta(days=1)
    Event.objects.filter(pk=first.pk).update(starts_at=yesterday, ends_at=yesterday + timedelta(minutes=90))
    visit(facilitator, first_url)
    facilitator.locator("#attendance a").click()
    expect(facilitator).to_have_url(re.compile(r"/attendance/$"))
    check_page(facilitator)
    julie = Registration.objects.get(event=first, user=cast.member)
    facilitator.locator(f"input[name=came][value='{julie.pk}']").check()
    facilitator.locator("#id_walk_ins_member").press_sequentially("Marc", delay=30)
    facilitator.locator("#id_walk_ins_member_choices input[name=walk_ins]").first.check()
    facilitator.locator("#id_guests_count").fill("1")
    facilitator.locator("main form.attendance button[type=submit]").click()
    expect(facilitator.locator(".message.success")).to_be_visible()
    check_page(facilitator)
    came = set(Registration.objects.filter(event=first, attended=True).values_list("user_id", "status"))
    assert came == {(cast.member.pk, "registered"), (cast.core_member.pk, "walk_in")}
    assert not Registration.objects.get(event=first, user=cast.observer).attended
    assert Event.objects.get(pk=first.pk).guests_count == 1

    # She writes the minutes: the knowledge base's editor opens, prefilled.
    visit(facilitator, first_url)
    facilitator.get_by_role("button", name=re.compile(r"Rédiger le compte rendu|Write the minutes")).click()
    expect(facilitator).to_have_url(re.compile(r"/knowledge/\d+/edit/$"))
    check_page(facilitator)
    memo = KnowledgeItem.objects.get(pk=Event.objects.get(pk=first.pk).minutes_id)
    learned = facilitator.locator("textarea[name='f-learned']")
    expect(learned).to_have_value(re.compile(r"^## "))
    learned.fill(learned.input_value() + "\n\nTrois producteurs partagent une tournée de livraison.")
    facilitator.locator("main form").get_by_role("button", name=re.compile(r"^(Enregistrer|Save)")).first.click()
    expect(facilitator).to_have_url(re.compile(rf"/knowledge/{memo.pk}/$"))
    check_page(facilitator)
    assert "tournée de livraison" in KnowledgeItem.objects.get(pk=memo.pk).fields["learned"]

    # A content manager of the core team publishes them; the event page shows them to members.
    manager = signed_in(browser, live_server, cast.core_member.email)
    visit(manager, f"{base}/knowledge/{memo.pk}/")
    manager.get_by_role("button", name=words("Publier", "Publish")).click()
    expect(manager.locator(".message.success")).to_be_visible()
    check_page(manager)
    assert KnowledgeItem.objects.get(pk=memo.pk).status == ItemStatus.PUBLISHED
    manager.context.close()

    member = signed_in(browser, live_server, cast.observer.email)
    visit(member, first_url)
    minutes = member.locator("section[aria-labelledby=panel-minutes]")
    expect(minutes.get_by_role("link", name=re.compile(re.escape(memo.title)))).to_be_visible()
    expect(minutes).to_contain_text("tournée de livraison")
    at_phone_width(member, [first_url])
