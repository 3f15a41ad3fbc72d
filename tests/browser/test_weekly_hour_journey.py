"""The facilitator's weekly hour in Chromium: a core-team facilitator opens it from the community
page, sends the weekly message and accepts a request to join from it, and comes back each time to
find the task marked done; an action's owner, a plain member, updates their overdue action, and
the task of stuck actions is done too. axe-core checks every page at 1280 and 390 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from terreau.communities.models import JoinRequest, Membership, RoleAssignment
from terreau.exchanges.models import WeeklyMessage
from terreau.launch import services as launch
from terreau.launch.models import Action

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def words(*alternatives: str) -> re.Pattern:
    return re.compile("^(" + "|".join(re.escape(text) for text in alternatives) + ")")


def task(page, key):
    return page.locator(f"[data-task={key}]")


def test_the_weekly_hour_leads_to_each_task_and_marks_it_done(browser, live_server, cast):
    community = cast.community
    base = f"{live_server.url}/c/{community.slug}"
    # The facilitator is core team too (the usual case in a small community).
    Membership.objects.filter(community=community, user=cast.facilitator).update(is_core_team=True)
    assert RoleAssignment.objects.filter(membership__user=cast.facilitator).exists()
    stranger = make_user("lea@exemple.be", "Léa Dupont")
    JoinRequest.objects.create(community=community, user=stranger, message="Bonjour !")
    action = launch.action_save(
        actor=cast.core_member,
        action=Action(
            community=community, title="Lister les marchés", due_date=timezone.localdate() - timedelta(days=4)
        ),
        owners=[cast.membership(cast.member)],
    )

    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    visit(facilitator, f"{base}/")
    facilitator.get_by_role("link", name=words("Mon heure d'animation", "My facilitation hour")).first.click()
    expect(facilitator).to_have_url(re.compile(r"/weekly-hour/$"))
    check_page(facilitator)
    for key in ("weekly_message", "join_requests", "actions"):
        expect(task(facilitator, key)).not_to_have_attribute("data-done", "yes")

    # 1. The weekly message: the button opens the drafted message; sending it comes back here.
    task(facilitator, "weekly_message").get_by_role("link").click()
    check_page(facilitator)
    facilitator.locator("main input[name=subject]").fill("La semaine des circuits courts")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator).to_have_url(re.compile(r"/weekly-hour/$"))
    expect(task(facilitator, "weekly_message")).to_have_attribute("data-done", "yes")
    assert WeeklyMessage.objects.filter(community=community, sent_at__isnull=False).exists()
    check_page(facilitator)

    # 2. The request to join: accepted from the list, back here, done.
    task(facilitator, "join_requests").locator("summary").click()
    task(facilitator, "join_requests").get_by_role("button", name=re.compile("Léa Dupont")).click()
    expect(facilitator).to_have_url(re.compile(r"/weekly-hour/$"))
    expect(task(facilitator, "join_requests")).to_have_attribute("data-done", "yes")
    assert Membership.objects.filter(community=community, user=stranger, status="active").exists()

    # 3. The owner of the overdue action, a member, gives its status and news from the plan.
    owner = signed_in(browser, live_server, cast.member.email)
    visit(owner, f"{base}/action-plan/")
    card = owner.locator(f"#action-{action.pk}")
    card.locator("select[name=status]").select_option("done")
    card.locator("textarea[name=note]").fill("Douze marchés listés, la carte est en ligne.")
    card.get_by_role("button", name=re.compile("Mettre à jour|Update")).click()
    expect(owner.locator(".messages")).to_contain_text("Lister les marchés")
    check_page(owner)
    visit(owner, f"{base}/action-plan/?show=all")  # done and past its date: in the whole plan
    expect(owner.locator(f"#action-{action.pk}")).to_contain_text("Douze marchés listés")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.note_by == cast.member

    visit(facilitator, f"{base}/weekly-hour/")
    expect(task(facilitator, "actions")).to_have_attribute("data-done", "yes")

    # At a phone's width too.
    facilitator.set_viewport_size({"width": 390, "height": 844})
    visit(facilitator, f"{base}/weekly-hour/")
    visit(facilitator, f"{base}/grow/")
    owner.set_viewport_size({"width": 390, "height": 844})
    visit(owner, f"{base}/action-plan/?show=all")
