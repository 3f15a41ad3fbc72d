"""The main journeys, walked in Chromium; axe-core checks every page on the way.

The interface is French by default and its catalogue grows while these tests are written, so
visible labels are matched by regexes that accept both languages, or elements by name and id.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from conftest import ADMIN_TOTP_SECRET, PASSWORD, totp_code
from terreau.communities.models import Community, Membership, Role, RoleKind
from terreau.emails.models import Email

from .conftest import check_page

pytestmark = pytest.mark.browser


def sign_in(page, live_server, email: str, totp_secret: str | None = None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    check_page(page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    # The header holds other buttons (language, sign out): the sign-in button is the one in <main>.
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if totp_secret:  # a platform admin: the second step asks the authenticator app's code
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        cache.clear()  # a code works once: forget those an earlier test used
        page.locator("main input[name=code]").fill(totp_code(totp_secret))
        page.locator("main form button[type=submit]").first.click()
        expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))


def test_person_signs_in_and_finds_their_community(page, live_server, cast):
    page.goto(live_server.url)
    check_page(page)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"Se connecter|Sign in")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    check_page(page)
    page.locator("main input[name=login]").fill(cast.member.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Julie Martin")
    check_page(page)

    page.get_by_role("main").get_by_role("link", name="Circuits courts").click()
    expect(page).to_have_url(f"{live_server.url}/c/{cast.community.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Circuits courts")
    check_page(page)

    community_nav = page.get_by_role("navigation", name=re.compile(r"Communauté|Community"))
    community_nav.get_by_role("link", name=re.compile(r"^(Membres|Members)$")).click()
    expect(page).to_have_url(re.compile(rf"/c/{cast.community.slug}/members/$"))
    expect(page.locator("#results")).to_contain_text("Marc Dubois")
    check_page(page)

    community_nav.get_by_role("link", name=re.compile(r"Qui fait quoi|Who does what")).click()
    expect(page).to_have_url(re.compile(rf"/c/{cast.community.slug}/roles/$"))
    check_page(page)

    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^(Aide|Help)$")).click()
    expect(page).to_have_url(f"{live_server.url}/help/")
    check_page(page)


def test_platform_admin_creates_a_community(page, live_server, cast):
    sign_in(page, live_server, cast.admin.email, ADMIN_TOTP_SECRET)
    page.goto(f"{live_server.url}/communities/new/")
    check_page(page)

    page.locator("#id_name").fill("Tourisme rural")
    page.locator("#id_slug").fill("tourisme-rural")
    page.locator("#id_purpose").fill("Échanger sur l'accueil des visiteurs à la ferme.")
    page.locator("#id_themes").fill("tourisme, accueil")
    page.locator("input[name=listing][value=public]").check()
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/c/tourisme-rural/invitations/")
    expect(page.locator(".message.success")).to_be_visible()
    check_page(page)
    community = Community.objects.get(slug="tourisme-rural")
    assert community.listing == Community.Listing.PUBLIC
    assert community.roles.filter(kind=RoleKind.FACILITATION).exists()

    # The same short address again: the error stands next to the field, what was typed stays.
    page.goto(f"{live_server.url}/communities/new/")
    page.locator("#id_name").fill("Tourisme à la ferme")
    page.locator("#id_slug").fill("tourisme-rural")
    page.locator("#id_purpose").fill("Un second essai.")
    page.locator("input[name=listing][value=private]").check()
    page.locator("main form button[type=submit]").click()

    slug_field = page.locator(".field.invalid", has=page.locator("#id_slug"))
    expect(slug_field).to_have_count(1)
    expect(slug_field.locator(".field-errors")).not_to_be_empty()
    expect(page.locator("#id_slug")).to_have_value("tourisme-rural")
    expect(page.locator("#id_slug")).to_have_attribute("aria-invalid", "true")
    # Screen readers announce the error with the field.
    assert "id_slug_error" in page.locator("#id_slug").get_attribute("aria-describedby").split()
    expect(slug_field.locator("#id_slug_error")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Tourisme à la ferme")
    expect(page.locator("#id_purpose")).to_have_value("Un second essai.")
    expect(page.locator("input[name=listing][value=private]")).to_be_checked()
    check_page(page)
    assert Community.objects.filter(slug="tourisme-rural").count() == 1


def test_invited_person_creates_an_account_and_joins(page, live_server, cast, browser):
    slug = cast.community.slug
    sign_in(page, live_server, cast.core_member.email)
    page.goto(f"{live_server.url}/c/{slug}/invitations/")
    check_page(page)
    page.locator("#id_email").fill("lea.renard@gal-haute-sure.test")
    page.locator("#id_message").fill("Bienvenue parmi nous !")
    page.locator("main form.panel button[type=submit]").click()
    expect(page.locator(".message.success")).to_contain_text("lea.renard@gal-haute-sure.test")
    expect(page.locator("main table")).to_contain_text("lea.renard@gal-haute-sure.test")
    check_page(page)

    email = Email.objects.get(to="lea.renard@gal-haute-sure.test")
    link = re.search(r"https?://\S+/invitations/[^/\s]+/", email.text)
    assert link, email.text
    # The email names the configured site; the test server listens elsewhere.
    invitation_path = urlsplit(link.group(0)).path

    guest_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        guest = guest_context.new_page()
        guest.set_default_timeout(10_000)
        guest.goto(f"{live_server.url}{invitation_path}")
        expect(guest.get_by_role("heading", level=1)).to_contain_text("Circuits courts")
        check_page(guest)

        guest.get_by_role("link", name=re.compile(r"Créer mon compte|Create my account")).click()
        expect(guest).to_have_url(re.compile(r"/accounts/signup/"))
        check_page(guest)
        expect(guest.locator("main input[name=email]")).to_have_value("lea.renard@gal-haute-sure.test")
        guest.locator("main input[name=display_name]").fill("Léa Renard")
        guest.locator("main input[name=organisation]").fill("GAL Haute-Sûre")
        guest.locator("main input[name=password1]").fill("un-mot-de-passe-bien-long")
        guest.locator("main input[name=password2]").fill("un-mot-de-passe-bien-long")
        guest.locator("main input[name=accept_terms]").check()
        guest.locator("main input[name=accept_privacy]").check()
        guest.locator("main form button[type=submit]").first.click()

        expect(guest).to_have_url(f"{live_server.url}/c/{slug}/me/")
        expect(guest.get_by_role("heading", level=1)).to_have_text(re.compile(r"Ma participation|My participation"))
        check_page(guest)

        guest.locator("input[name=engagement][value=carrier]").check()
        guest.locator("main form button[type=submit]").first.click()
        expect(guest).to_have_url(f"{live_server.url}/c/{slug}/me/")
        expect(guest.locator(".message.success")).to_be_visible()
        expect(guest.locator("input[name=engagement][value=carrier]")).to_be_checked()
        check_page(guest)
    finally:
        guest_context.close()

    membership = Membership.objects.get(community=cast.community, user__email="lea.renard@gal-haute-sure.test")
    assert membership.is_active
    assert membership.engagement == Membership.Engagement.CARRIER
    assert membership.user.display_name == "Léa Renard"


def test_core_team_member_assigns_a_role(page, live_server, cast):
    slug = cast.community.slug
    role = Role.objects.filter(community=cast.community, assignments__isnull=True).order_by("position").first()
    sign_in(page, live_server, cast.core_member.email)
    page.goto(f"{live_server.url}/c/{slug}/roles/")
    check_page(page)

    card = page.locator(f"#role-{role.pk}")
    expect(card.locator(".held-by")).not_to_contain_text("Julie Martin")
    member = cast.membership(cast.member)
    assign = page.locator("form.assign")
    assign.locator("select[name=role]").select_option(str(role.pk))
    # The picker: typing a name offers the members it matches, never a list of them all.
    assign.locator("input[name=member]").fill("Julie")
    choice = assign.get_by_role("radio", name=re.compile("Julie Martin"))
    expect(choice).to_be_visible()
    choice.check()
    check_page(page)
    assign.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/c/{slug}/roles/")
    expect(page.locator(".message.success")).to_contain_text("Julie Martin")
    expect(card.locator(".held-by")).to_contain_text("Julie Martin")
    check_page(page)
    # The way to undo it: the role's own page, with every holder.
    card.get_by_role("link", name=re.compile(r"Change the holders|Changer les titulaires")).click()
    expect(page.get_by_role("button", name=re.compile("Julie Martin"))).to_be_visible()
    check_page(page)
    assert role.assignments.filter(membership=member).exists()


def test_skip_link_and_main_navigation_work_with_the_keyboard(page, live_server, cast):
    sign_in(page, live_server, cast.member.email)
    page.goto(f"{live_server.url}/c/{cast.community.slug}/")

    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link must be visible once focused"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    # From the main content, Tab goes on inside it, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Tab through the header: the brand, then the main navigation's links in order.
    page.goto(f"{live_server.url}/c/{cast.community.slug}/")
    main_nav = page.get_by_role("banner").get_by_role("navigation")
    nav_links = main_nav.get_by_role("link")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator("a.brand")).to_be_focused()
    page.keyboard.press("Tab")
    expect(nav_links.nth(0)).to_be_focused()
    page.keyboard.press("Tab")
    expect(nav_links.nth(1)).to_be_focused()
    expect(nav_links.nth(1)).to_have_text(re.compile(r"^(Aide|Help)$"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/help/")
    check_page(page)

    # The communities link, reached from the keyboard as well.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/communities/":
            break
    expect(nav_links.nth(0)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/communities/")
    check_page(page)


@pytest.mark.parametrize("path", ["/", "/c/{slug}/", "/c/{slug}/roles/", "/c/{slug}/me/"])
def test_pages_fit_a_phone_screen(page, live_server, cast, path):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, cast.core_member.email)
    page.goto(live_server.url + path.format(slug=cast.community.slug))
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 390px-wide screen"
