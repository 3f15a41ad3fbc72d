"""Circles end to end, in Chromium: a member finds the working groups on the circles' map, joins
the open one, asks to join the one on request; its coordinator accepts her from the group's page,
and updates the group's information, which the member then reads. axe-core checks the map and a
group's page at a laptop's width (1280) and a phone's (390), and every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from terreau.circles.models import Circle, CircleKind, CircleMember, Joining

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def words(*alternatives: str) -> re.Pattern:
    return re.compile("^(" + "|".join(re.escape(text) for text in alternatives) + ")$")


def at_phone_width(page, urls: list[str]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        visit(page, url)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_member_joins_a_group_asks_for_another_and_the_coordinator_accepts_and_informs(browser, live_server, cast):
    community = cast.community
    coordinator = cast.membership(cast.facilitator)
    steering = Circle.objects.create(community=community, kind=CircleKind.STEERING, name="Cercle de pilotage")
    logistics = Circle.objects.create(
        community=community,
        name="Groupe Logistique des circuits courts",
        purpose="Mutualiser le transport des producteurs.",
        parent=steering,
        joining=Joining.OPEN,
        lead_link=cast.membership(cast.core_member),
    )
    canteens = Circle.objects.create(
        community=community,
        name="Groupe Cantines et restauration collective",
        purpose="Les produits locaux dans les cantines.",
        parent=steering,
        joining=Joining.ON_REQUEST,
    )
    for circle in (logistics, canteens):
        CircleMember.objects.create(circle=circle, membership=coordinator, is_coordinator=True)
    base = f"{live_server.url}/c/{community.slug}"

    # The member finds the circles from the community's navigation, the map drawn beside the list.
    member = signed_in(browser, live_server, cast.member.email)
    visit(member, f"{base}/")
    member.get_by_role("navigation", name=re.compile(r"Communauté|Community")).get_by_role(
        "link", name=words("Cercles", "Circles")
    ).click()
    expect(member).to_have_url(f"{base}/circles/")
    expect(member.get_by_role("img", name=re.compile("Carte des cercles|Map of the circles"))).to_be_visible()
    check_page(member)
    member.get_by_role("link", name=logistics.name).click()
    check_page(member)
    member.get_by_role("button", name=words("Rejoindre ce groupe", "Join this group")).click()
    expect(member.get_by_role("button", name=words("Quitter ce groupe", "Leave this group"))).to_be_visible()
    check_page(member)
    assert logistics.members.filter(membership__user=cast.member).exists()

    # The group on request: she asks, with a word for the coordinator.
    visit(member, f"{base}/circles/{canteens.pk}/")
    member.get_by_role("link", name=words("Demander à rejoindre", "Ask to join")).click()
    check_page(member)
    member.locator("textarea[name=message]").fill("Je suis en contact avec deux cantines à Philippeville.")
    member.locator("main form button[type=submit]").click()
    expect(member.locator("main")).to_contain_text(re.compile("attend la réponse|waiting for the coordinator"))

    # The coordinator accepts her from the group's page.
    sophie = signed_in(browser, live_server, cast.facilitator.email)
    visit(sophie, f"{base}/circles/{canteens.pk}/")
    expect(sophie.locator("main")).to_contain_text("deux cantines à Philippeville")
    sophie.get_by_role("button", name=re.compile(r"^(Accepter|Accept) Julie Martin$")).click()
    check_page(sophie)
    assert canteens.members.filter(membership__user=cast.member).exists()

    # And updates the group's information.
    sophie.get_by_role(
        "link", name=words("Mettre à jour les informations du groupe", "Update the group's information")
    ).click()
    check_page(sophie)
    sophie.locator("textarea[name=information]").fill(
        "**Prochaine réunion** : jeudi 10 h, à la Maison rurale de Ciney."
    )
    sophie.locator("main form button[type=submit]").click()
    expect(sophie).to_have_url(f"{base}/circles/{canteens.pk}/")
    check_page(sophie)

    # The member, now in the group, reads it; she was told of the answer.
    visit(member, f"{base}/circles/{canteens.pk}/")
    expect(member.locator("main strong", has_text="Prochaine réunion")).to_be_visible()
    expect(member.get_by_role("button", name=words("Quitter ce groupe", "Leave this group"))).to_be_visible()
    at_phone_width(member, [f"{base}/circles/", f"{base}/circles/{canteens.pk}/"])
