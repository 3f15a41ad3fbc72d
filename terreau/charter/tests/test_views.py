import pytest
from django.urls import reverse

from conftest import make_member, make_user
from terreau.charter import services
from terreau.charter.models import Charter, CharterVersion, Section
from terreau.core.models import Visibility
from terreau.decisions.models import Proposal
from terreau.decisions.tests.helpers import run_to_adoption

from .helpers import adopt, write

pytestmark = pytest.mark.django_db


def detail(slug):
    return reverse("charter:detail", args=[slug])


def edit(slug):
    return reverse("charter:edit", args=[slug])


def form_data(base, **sections):
    data = {section.value: "" for section in Section}
    data.update({"base_version": base, "visibility": "public", "note": ""})
    data.update(sections)
    return data


# Reading ---------------------------------------------------------------------------------


def test_a_visitor_reads_the_adopted_charter_of_a_public_community_not_the_draft(client, public_cast):
    write(public_cast, "Texte adopté.", "Brouillon en cours.", community=public_cast.community)
    adopt(public_cast, 1, community=public_cast.community)
    response = client.get(detail(public_cast.community.slug))
    assert response.status_code == 200
    assert "Texte adopté." in response.text
    assert "Brouillon en cours." not in response.text
    assert "Submit version" not in response.text
    download = client.get(reverse("charter:download", args=[public_cast.community.slug, "md"]))
    assert download.status_code == 200 and "Texte adopté." in download.content.decode()


def test_a_visitor_does_not_read_the_charter_of_a_private_community(client, cast):
    write(cast, "Texte adopté.")
    adopt(cast, 1)
    response = client.get(detail(cast.community.slug))
    assert response.status_code == 200
    assert "Texte adopté." not in response.text
    assert "has not published its charter" in response.text
    download = client.get(reverse("charter:download", args=[cast.community.slug, "md"]))
    assert download.status_code == 302 and "/accounts/login/" in download["Location"]
    client.force_login(cast.outsider)
    assert "Texte adopté." not in client.get(detail(cast.community.slug)).text
    assert client.get(reverse("charter:download", args=[cast.community.slug, "md"])).status_code == 404


def test_a_visitor_does_not_read_a_charter_kept_for_members_even_in_a_public_community(client, public_cast):
    community = public_cast.community
    write(public_cast, "Pour les membres.", community=community)
    adopt(public_cast, 1, community=community)
    Charter.objects.update(visibility=Visibility.MEMBERS)
    assert "Pour les membres." not in client.get(detail(community.slug)).text
    client.force_login(public_cast.member)
    assert "Pour les membres." in client.get(detail(community.slug)).text


def test_members_read_the_adopted_version_as_its_visibility_allows(client, cast):
    write(cast, "Texte adopté.", "Brouillon.")
    adopt(cast, 1)
    client.force_login(cast.member)
    response = client.get(detail(cast.community.slug))
    assert "Texte adopté." in response.text and "Brouillon." not in response.text
    Charter.objects.update(visibility=Visibility.CORE_TEAM)
    response = client.get(detail(cast.community.slug))
    assert "Texte adopté." not in response.text
    assert "keeps the charter to itself" in response.text
    assert client.get(reverse("charter:download", args=[cast.community.slug, "md"])).status_code == 404


def test_members_are_told_when_no_charter_is_adopted_yet(client, cast):
    write(cast, "Brouillon.")
    client.force_login(cast.observer)
    response = client.get(detail(cast.community.slug))
    assert "Brouillon." not in response.text
    assert "No charter has been adopted yet" in response.text


def test_the_core_team_sees_the_latest_draft_its_status_and_the_submit_button(client, cast):
    write(cast, "Texte adopté.", "Brouillon.")
    adopt(cast, 1)
    client.force_login(cast.core_member)
    response = client.get(detail(cast.community.slug))
    assert "Brouillon." in response.text
    assert "Submit version 2 for adoption" in response.text
    assert "Others read version 1" in response.text
    assert reverse("charter:compare", args=[cast.community.slug]) + "?a=1&amp;b=2" in response.text


def test_a_member_cannot_ask_for_a_given_version(client, cast):
    write(cast, "Texte adopté.", "Brouillon.")
    adopt(cast, 1)
    client.force_login(cast.member)
    url = reverse("charter:download", args=[cast.community.slug, "md"]) + "?version=2"
    assert client.get(url).status_code == 403


# Writing ---------------------------------------------------------------------------------


def test_the_first_draft_is_pre_filled_from_the_workspace(client, cast):
    client.force_login(cast.core_member)
    response = client.get(edit(cast.community.slug))
    assert response.status_code == 200
    assert "Partager les pratiques de vente directe." in response.text
    assert "Marc Dubois" in response.text
    assert 'name="base_version" value="0"' in response.text
    assert "pre-filled" in response.text


def test_saving_makes_a_version_and_returns_to_the_charter(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        edit(cast.community.slug), form_data(0, purpose="Notre raison d'être.", note="Première version")
    )
    assert response.status_code == 302 and response["Location"] == detail(cast.community.slug)
    version = CharterVersion.objects.get()
    assert (version.number, version.note, version.author) == (1, "Première version", cast.core_member)


def test_an_empty_charter_re_renders_the_form_with_the_message(client, cast):
    client.force_login(cast.core_member)
    response = client.post(edit(cast.community.slug), form_data(0, note="à garder"))
    assert response.status_code == 200
    assert "Write at least one section before saving." in response.text
    assert 'value="à garder"' in response.text
    assert not CharterVersion.objects.exists()


def test_a_too_long_section_shows_its_error_next_to_it_and_keeps_the_others(client, cast):
    client.force_login(cast.core_member)
    data = form_data(0, purpose="Garder ce texte.", scope="x" * 20_001)
    response = client.post(edit(cast.community.slug), data)
    assert response.status_code == 200
    assert 'id="id_scope_error"' in response.text
    assert "Garder ce texte." in response.text
    assert not CharterVersion.objects.exists()


def test_a_form_without_its_starting_version_is_refused(client, cast):
    client.force_login(cast.core_member)
    data = form_data(0, purpose="Texte.")
    del data["base_version"]
    response = client.post(edit(cast.community.slug), data)
    assert response.status_code == 200
    assert "lost track of the version" in response.text
    assert not CharterVersion.objects.exists()


def test_a_crossed_edit_is_refused_and_keeps_both_texts(client, cast):
    """Marc opens the editor on version 1; Léa saves version 2; Marc's save is refused, his text kept."""
    write(cast, "Texte commun.", decisions="Par consentement.")
    lea = make_member(cast.community, make_user("lea@x.test", "Léa Noyau"), is_core_team=True).user
    client.force_login(cast.core_member)
    assert 'name="base_version" value="1"' in client.get(edit(cast.community.slug)).text
    services.charter_save(
        community=cast.community,
        actor=lea,
        sections={"purpose": "Texte de Léa.", "decisions": "Par consentement."},
        base_number=1,
    )
    mine = form_data(1, purpose="Texte de Marc.", decisions="Par consentement.", scope="Mon périmètre.")
    response = client.post(edit(cast.community.slug), mine)
    assert response.status_code == 409
    text = response.text
    assert "Not saved: someone else saved the charter while you were writing." in text
    assert "Léa Noyau saved version 2" in text
    assert "Texte de Marc." in text and "Mon périmètre." in text  # nothing Marc typed is lost
    assert "Texte de Léa." in text  # her newer text beside his
    rows = {row["field"].name: row["theirs"] for row in response.context["rows"]}
    assert rows["purpose"] == "Texte de Léa."
    assert rows["scope"] == ""  # she has no scope: shown as empty beside his
    assert rows["decisions"] is None  # the same on both sides: nothing to show
    assert [row["field"].name for row in response.context["differing"]] == ["purpose", "scope"]
    assert 'href="#edit-purpose"' in text
    assert CharterVersion.objects.count() == 2
    # Having seen her text, Marc saves on top of version 2 on purpose.
    assert 'name="base_version" value="2"' in text
    again = client.post(edit(cast.community.slug), {**mine, "base_version": 2})
    assert again.status_code == 302
    assert CharterVersion.objects.get(number=3).sections["purpose"] == "Texte de Marc."


def test_changing_only_who_may_read_says_so(client, cast):
    write(cast, "Texte.")
    client.force_login(cast.core_member)
    response = client.post(
        edit(cast.community.slug), {**form_data(1, purpose="Texte."), "visibility": "members"}, follow=True
    )
    assert "Who may read the adopted charter is updated." in response.text
    assert Charter.objects.get().visibility == Visibility.MEMBERS


def test_an_unknown_visibility_is_refused_next_to_the_field(client, cast):
    client.force_login(cast.core_member)
    response = client.post(edit(cast.community.slug), {**form_data(0, purpose="Texte."), "visibility": "world"})
    assert response.status_code == 200
    assert 'id="id_visibility_error"' in response.text


# History, versions, comparison, adoption -------------------------------------------------


def test_the_history_lists_every_version_with_its_status(client, cast):
    write(cast, "Un.", "Deux.", "Trois.")
    adopt(cast, 2)
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:history", args=[cast.community.slug]))
    assert [v.number for v in response.context["versions"]] == [3, 2, 1]
    assert "Adopted" in response.text and "Draft" in response.text


def test_a_version_page_shows_its_text_and_404s_when_missing(client, cast):
    write(cast, "Un.", "Deux.")
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:version", args=[cast.community.slug, 1]))
    assert "Un." in response.text and "Submit version 1 for adoption" in response.text
    assert client.get(reverse("charter:version", args=[cast.community.slug, 9])).status_code == 404


def test_comparing_shows_removed_and_added_words_with_text_alternatives(client, cast):
    write(cast, "Partager les pratiques.\nEn Wallonie.", "Partager les bonnes pratiques.\nEn Wallonie.")
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:compare", args=[cast.community.slug]) + "?a=1&b=2")
    assert response.status_code == 200
    assert '<ins><span class="visually-hidden">[added: </span>bonnes' in response.text
    assert response.context["changed"] == 1
    purpose = response.context["diffs"][0]
    assert purpose.changed and [row.kind for row in purpose.rows] == ["changed", "same"]


def test_comparing_defaults_to_the_adopted_and_the_latest_versions(client, cast):
    write(cast, "Un.", "Deux.", "Trois.")
    adopt(cast, 1)
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:compare", args=[cast.community.slug]))
    assert (response.context["older"].number, response.context["newer"].number) == (1, 3)


@pytest.mark.parametrize("query", ["?a=1&b=1", "?a=x&b=2", "?a=1&b=99", "?a=1"])
def test_comparing_bad_choices_re_renders_the_form_with_errors(client, cast, query):
    write(cast, "Un.", "Deux.")
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:compare", args=[cast.community.slug]) + query)
    assert response.status_code == 200
    assert response.context["diffs"] is None
    assert 'class="field-errors"' in response.text


def test_comparing_with_a_single_version_says_there_is_nothing_to_compare(client, cast):
    write(cast, "Un.")
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:compare", args=[cast.community.slug]))
    assert "nothing to compare yet" in response.text


def test_submitting_from_the_page_opens_the_decision_and_adopts_only_by_consent(client, cast):
    write(cast, "Un.")
    client.force_login(cast.core_member)
    response = client.post(reverse("charter:submit", args=[cast.community.slug, 1]), follow=True)
    assert "is submitted to the core team" in response.text and "Charter, version 1" in response.text
    assert Charter.objects.get().adopted_version is None
    page = client.get(reverse("charter:detail", args=[cast.community.slug])).text
    assert "Open the decision" in page and "Submit version 1" not in page
    decision = run_to_adoption(Proposal.objects.get(subject="charter:1"))
    assert Charter.objects.get().adopted_version.number == 1
    page = client.get(reverse("charter:detail", args=[cast.community.slug])).text
    assert "see the decision" in page and decision.get_absolute_url() in page


def test_no_page_adopts_the_charter_by_a_click(client, cast):
    write(cast, "Un.")
    client.force_login(cast.core_member)
    for name in ("charter:detail", "charter:history"):
        assert "/adopt/" not in client.get(reverse(name, args=[cast.community.slug])).text


def test_submitting_a_missing_version_says_so(client, cast):
    client.force_login(cast.core_member)
    response = client.post(reverse("charter:submit", args=[cast.community.slug, 5]), follow=True)
    assert "There is no version 5 of the charter." in response.text


def test_submitting_needs_a_post(client, cast):
    write(cast, "Un.")
    client.force_login(cast.core_member)
    assert client.get(reverse("charter:submit", args=[cast.community.slug, 1])).status_code == 405


# Downloads -------------------------------------------------------------------------------


def test_the_markdown_download_has_every_written_section(client, cast):
    write(cast, "Partager.", decisions="Par **consentement**.")
    adopt(cast, 1)
    client.force_login(cast.member)
    response = client.get(reverse("charter:download", args=[cast.community.slug, "md"]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="charter-circuits-courts.md"'
    text = response.content.decode()
    assert text.startswith("# Charter of Circuits courts")
    assert "## Purpose\n\nPartager." in text and "## Decision modes\n\nPar **consentement**." in text
    assert "## Scope" not in text  # empty sections are left out


def test_the_core_team_downloads_a_draft_version(client, cast):
    write(cast, "Un.", "Deux.")
    client.force_login(cast.core_member)
    response = client.get(reverse("charter:download", args=[cast.community.slug, "md"]) + "?version=2")
    assert "Deux." in response.content.decode() and "Not adopted" in response.content.decode()
    assert response["Content-Disposition"].endswith('-v2.md"')


@pytest.mark.parametrize("suffix", ["pdf", "md?version=9", "md?version=deux"])
def test_an_unknown_format_or_version_is_not_found(client, cast, suffix):
    write(cast, "Un.")
    client.force_login(cast.core_member)
    assert client.get(reverse("charter:download", args=[cast.community.slug, "md"])[:-2] + suffix).status_code == 404


def test_nothing_to_download_before_a_first_version(client, cast):
    client.force_login(cast.core_member)
    assert client.get(reverse("charter:download", args=[cast.community.slug, "md"])).status_code == 404
