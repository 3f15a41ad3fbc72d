"""An election without candidates end to end, four people in four browsers: the facilitator sets
it up from the who-does-what and runs the rounds from her live page; each participant nominates
from their own page, unseen by the three others until the reveal; one changes their nomination
with a reason; the facilitator proposes the person with the most support; the consent round goes
round, the person proposed answering last; the who-does-what then shows her in the role. Then a
short call for role volunteers. axe-core checks every page at a laptop's width, the election's
page and the live page also at a phone's (390)."""

import re

import pytest
from playwright.sync_api import expect

from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.elections.models import Election, Phase, Volunteer
from terreau.elections.tests.factories import working_group

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser

REASONS = {
    "facilitator": "Julie tient le marché fermier de Philippeville depuis dix ans",
    "core_member": "Julie écrit déjà la lettre du GAL chaque mois",
    "member": "Thomas connaît tous les élus de Gesves",
    "observer": "Marc répond à tout le monde, toujours",
}


def words(*alternatives: str) -> re.Pattern:
    return re.compile("^(" + "|".join(re.escape(text) for text in alternatives) + ")")


def at_phone_width(page, urls: list[str]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        visit(page, url)
    page.set_viewport_size({"width": 1280, "height": 900})


def submit(page, action: str) -> None:
    page.locator(f"main form[action$='/{action}/'] button[type=submit]").first.click()


def move(page, name: str) -> None:
    page.locator(f"main form:has(input[name=move][value={name}]) button[type=submit]").click()
    check_page(page)


def test_an_election_without_candidates_with_four_people(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"
    circle = working_group(cast, name="Groupe communication")
    members = {person: cast.membership(getattr(cast, person)) for person in REASONS}
    nominees = {"facilitator": "member", "core_member": "member", "member": "observer", "observer": "core_member"}

    # The facilitator sets the election up from the who-does-what.
    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    visit(facilitator, f"{base}/roles/")
    facilitator.get_by_role("link", name=words("Élire sans candidat", "Elect without candidates")).click()
    check_page(facilitator)
    facilitator.get_by_role("link", name=words("Organiser une élection", "Set up an election")).click()
    check_page(facilitator)
    facilitator.locator("input[name=subject][value=role]").check()
    role = Role.objects.get(community=cast.community, kind=RoleKind.COMMUNICATION)
    facilitator.locator("select[name=role]").select_option(str(role.pk))
    facilitator.locator("select[name=circle]").select_option(str(circle.pk))
    facilitator.locator("textarea[name=description]").fill("Faire connaître la communauté, deux heures par mois.")
    facilitator.locator("input[name=term_months]").fill("12")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator).to_have_url(re.compile(r"/elections/\d+/$"))
    check_page(facilitator)
    election = Election.objects.get(community=cast.community)
    detail = f"{base}/elections/{election.pk}/"
    live = f"{detail}live/"
    visit(facilitator, live)
    move(facilitator, "open_nominations")
    assert Election.objects.get(pk=election.pk).phase == Phase.NOMINATION

    # Each nominates in their own browser; nobody else's page shows it before the reveal.
    pages = {"facilitator": facilitator}
    for person in ["core_member", "member", "observer"]:
        pages[person] = signed_in(browser, live_server, getattr(cast, person).email)
    for person, page in pages.items():
        visit(page, detail)
        page.locator("select[name=nominee]").select_option(str(members[nominees[person]].pk))
        page.locator("textarea[name=reason]").fill(REASONS[person])
        submit(page, "nominate")
        expect(page.locator("main")).to_contain_text(REASONS[person])  # under "my nominations"
        check_page(page)
        for other, other_page in pages.items():
            if other != person:
                other_page.goto(detail if other != "facilitator" else live)
                expect(other_page.locator("main")).not_to_contain_text(REASONS[person])
    visit(facilitator, live)
    expect(facilitator.locator("main")).not_to_contain_text(REASONS["member"])
    at_phone_width(facilitator, [live])
    at_phone_width(pages["member"], [detail])

    # The reveal: every nomination and its reason, for everyone.
    move(facilitator, "reveal")
    for page in pages.values():
        visit(page, detail)
        for reason in REASONS.values():
            expect(page.locator("main")).to_contain_text(reason)

    # The change round: Thomas changes his mind, with a reason.
    visit(facilitator, live)
    move(facilitator, "open_changes")
    observer = pages["observer"]
    visit(observer, detail)
    observer.locator("select[name=nominee]").select_option(str(members["member"].pk))
    observer.locator("textarea[name=reason]").fill("Après la révélation : Julie, sans hésiter")
    submit(observer, "nominate")
    check_page(observer)
    visit(facilitator, live)
    move(facilitator, "close_changes")

    # The proposal: the most supported (Julie, three), with the reasons, prefilled.
    expect(facilitator.locator("select[name=nominee]")).to_have_value(str(members["member"].pk))
    facilitator.locator("main form[action$='/propose/'] button[type=submit]").click()
    check_page(facilitator)
    assert Election.objects.get(pk=election.pk).phase == Phase.CONSENT

    # The consent round: Julie answers last.
    julie = pages["member"]
    visit(julie, detail)
    expect(julie.locator("main")).to_contain_text(re.compile("en dernier|answer last|answers last"))
    expect(julie.locator("main form[action$='/answer/']")).to_have_count(0)
    for person in ["core_member", "observer", "facilitator"]:
        page = pages[person]
        visit(page, detail)
        page.locator("input[name=choice][value=consent]").check()
        submit(page, "answer")
        check_page(page)
    visit(julie, detail)
    julie.locator("input[name=choice][value=consent]").check()
    julie.locator("textarea[name=reason]").fill("Avec plaisir.")
    submit(julie, "answer")
    check_page(julie)
    election.refresh_from_db()
    assert election.phase == Phase.DONE and election.elected == members["member"]
    assignment = RoleAssignment.objects.get(role=role, membership=members["member"])
    assert assignment.term_ends_on == election.term_ends_on
    at_phone_width(julie, [detail])

    # The who-does-what shows her in the role.
    visit(julie, f"{base}/roles/")
    expect(julie.locator(f"#role-{role.pk}")).to_contain_text("Julie Martin")
    for page in pages.values():
        page.context.close()


def test_a_call_for_role_volunteers(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"
    core = signed_in(browser, live_server, cast.core_member.email)
    visit(core, f"{base}/roles/")
    core.get_by_role("link", name=words("Appel aux forces vives", "Call for role volunteers")).click()
    check_page(core)
    core.get_by_role("link", name=words("Publier un appel", "Publish a call")).click()
    check_page(core)
    core.locator("input[name=title]").fill("Appel aux forces vives")
    core.locator("textarea[name=text]").fill("La veille cherche preneur.")
    watch = Role.objects.get(community=cast.community, kind=RoleKind.WATCH)
    core.locator(f"input[name=roles][value='{watch.pk}']").check()
    core.locator("main form button[type=submit]").click()
    expect(core).to_have_url(re.compile(r"/role-calls/\d+/$"))
    check_page(core)
    call_url = core.url

    member = signed_in(browser, live_server, cast.member.email)
    visit(member, call_url)
    member.locator("select[name=role]").select_option(str(watch.pk))
    member.locator("textarea[name=motivation]").fill("Je lis la presse agricole chaque semaine.")
    submit(member, "volunteer")
    check_page(member)

    visit(core, call_url + "review/")
    core.locator("main form[action$='/decide/'] button[value=confirm]").click()
    check_page(core)
    assert Volunteer.objects.get().status == Volunteer.Status.CONFIRMED
    visit(member, f"{base}/roles/")
    expect(member.locator(f"#role-{watch.pk}")).to_contain_text("Julie Martin")
