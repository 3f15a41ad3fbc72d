"""The close phase's pages: the checklist, the recognition document's forms and files, the
transfer's forms, and the links an organisation is given."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.archive.models import Scope
from terreau.closing import services
from terreau.closing.models import Recipient, Recognition
from terreau.communities.models import Phase
from terreau.events.models import Event, EventKind

from .helpers import built_archive, to_close_phase

pytestmark = pytest.mark.django_db


def _url(name, cast, *args):
    return reverse(f"closing:{name}", args=[cast.community.slug, *args])


def _celebration(cast, days=20, title="La fête de clôture"):
    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        community=cast.community,
        kind=EventKind.CELEBRATION,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        visibility="members",
    )


# The closing page ----------------------------------------------------------------------------


def test_the_closing_page_shows_the_four_dimensions_and_the_tab(client, cast):
    to_close_phase(cast.community)
    _celebration(cast)
    client.force_login(cast.member)
    page = client.get(_url("page", cast)).content.decode()
    for words in ("Transfer of the knowledge", "The retrospective", "Recognition", "The celebration"):
        assert words in page
    assert "La fête de clôture" in page
    assert 'aria-current="page">Closing</a>' in page  # its tab, in the close phase
    assert "Close the community" not in page  # a member does not close it


def test_the_tab_shows_only_from_the_close_phase(client, cast):
    client.force_login(cast.member)
    page = client.get(reverse("communities:members", args=[cast.community.slug])).content.decode()
    assert _url("page", cast) not in page
    to_close_phase(cast.community)
    page = client.get(reverse("communities:members", args=[cast.community.slug])).content.decode()
    assert _url("page", cast) in page


def test_the_celebration_link_prefills_the_kind(client, cast):
    to_close_phase(cast.community)
    client.force_login(cast.core_member)
    page = client.get(_url("page", cast)).content.decode()
    assert "/events/new/?kind=celebration" in page
    form = client.get(reverse("events:create", args=[cast.community.slug]) + "?kind=celebration").content.decode()
    assert re.search(r'<option value="celebration" selected>', form)


def test_closing_outside_the_close_phase_is_explained(client, cast):
    client.force_login(cast.core_member)
    page = client.get(_url("page", cast)).content.decode()
    assert "workspace" in page and 'name="confirm"' not in page
    response = client.post(_url("close", cast), {"confirm": "on"})
    assert response.status_code == 200 and "not in its close phase" in response.content.decode()
    cast.community.refresh_from_db()
    assert cast.community.phase != Phase.CLOSED


def test_the_core_team_closes_the_community_after_confirming(client, cast):
    to_close_phase(cast.community)
    client.force_login(cast.core_member)
    response = client.post(_url("close", cast), {})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    response = client.post(_url("close", cast), {"confirm": "on"})
    assert response.status_code == 302
    cast.community.refresh_from_db()
    assert cast.community.phase == Phase.CLOSED
    page = client.get(_url("page", cast)).content.decode()
    assert "The community was closed on" in page


def test_the_closing_page_queries_stay_flat(client, cast, django_assert_max_num_queries):
    to_close_phase(cast.community)
    client.force_login(cast.core_member)
    services.recognition_generate(actor=cast.core_member, community=cast.community)
    client.get(_url("page", cast))  # warm the caches (sessions, content types)
    with django_assert_max_num_queries(30) as few:
        client.get(_url("page", cast))
    for number in range(5):
        _celebration(cast, days=number + 1, title=f"Fête {number}")
        built_archive(cast.community, Scope.PUBLIC)
        recipient = services.recipient_add(
            actor=cast.core_member, community=cast.community, organisation=f"Org {number}", email=f"o{number}@o.test"
        )
        services.transfer_give(actor=cast.core_member, recipient=recipient, access=Recipient.Access.ARCHIVE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url("page", cast))


# Recognition ---------------------------------------------------------------------------------


def test_generate_edit_preview_and_publish(client, cast):
    to_close_phase(cast.community)
    client.force_login(cast.core_member)
    assert "Generate the draft" in client.get(_url("recognition_edit", cast)).content.decode()
    assert client.post(_url("recognition_generate", cast)).status_code == 302
    recognition = Recognition.objects.get()
    # A member does not read a draft.
    client.force_login(cast.member)
    assert client.get(_url("recognition", cast)).status_code == 404
    client.force_login(cast.core_member)
    data = {
        "title": "",
        "text": "## Merci\n\nÀ toutes et tous.",
        "visibility": "public",
        "version": recognition.version,
    }
    response = client.post(_url("recognition_edit", cast), data)
    assert response.status_code == 200 and "À toutes et tous." in response.content.decode()  # kept as typed
    data["title"] = "Merci à vous"
    response = client.post(_url("recognition_edit", cast), {**data, "preview": "1"})
    assert "<h2>Merci</h2>" in response.content.decode() and Recognition.objects.get().title != "Merci à vous"
    assert client.post(_url("recognition_edit", cast), data).status_code == 302
    # Opened at the old version: the second save is refused, what was typed kept.
    response = client.post(_url("recognition_edit", cast), {**data, "text": "## Autre texte"})
    assert response.status_code == 200 and "Someone changed" in response.content.decode()
    assert "## Autre texte" in response.content.decode()
    assert client.post(_url("recognition_publish", cast)).status_code == 302
    client.logout()
    Recognition.objects.update(visibility="public")
    cast.community.listing = "public"
    cast.community.save(update_fields=["listing"])
    page = client.get(_url("recognition", cast))
    assert page.status_code == 200 and "Merci à vous" in page.content.decode()


def _recognition(cast):
    return Recognition.objects.create(
        community=cast.community,
        title="Merci à la communauté",
        text="## Purpose\n\nPartager.\n\n## Contributors thanked\n\n- **Julie Martin**: 3 items written",
        visibility="members",
        published_at=timezone.now(),
    )


@pytest.mark.parametrize(("extension", "part"), [("docx", "word/document.xml"), ("odt", "content.xml")])
def test_the_recognition_downloads_as_office_documents(client, cast, extension, part):
    _recognition(cast)
    client.force_login(cast.member)
    response = client.get(_url("recognition_download", cast, extension))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        xml = bundle.read(part).decode()
    for words in ("Merci à la communauté", "Purpose", "Contributors thanked", "Julie Martin"):
        assert words in xml
    assert client.get(_url("recognition_download", cast, "pdf")).status_code == 404


# Transfer ------------------------------------------------------------------------------------


def test_adding_an_organisation_with_bad_input_rerenders(client, cast):
    client.force_login(cast.core_member)
    response = client.post(_url("transfer", cast), {"organisation": "", "email": "pas-une-adresse", "why": "Relais"})
    page = response.content.decode()
    assert response.status_code == 200 and "Relais" in page and "pas-une-adresse" in page
    assert not Recipient.objects.exists()
    response = client.post(_url("transfer", cast), {"organisation": "GAL Famenne", "email": "gal@famenne.test"})
    assert response.status_code == 302 and Recipient.objects.get().organisation == "GAL Famenne"


def test_giving_from_the_form(client, cast):
    recipient = services.recipient_add(
        actor=cast.core_member, community=cast.community, organisation="GAL", email="gal@gal.test"
    )
    client.force_login(cast.core_member)
    url = _url("transfer_give", cast, recipient.pk)
    response = client.post(url, {"access": "read", "scope": "public", "expires_on": "2000-01-01"})
    assert response.status_code == 200 and "Choose a date in the future" in response.content.decode()
    response = client.post(url, {"access": "read", "scope": "members"})
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.is_given and recipient.scope == "members"
    assert client.post(_url("transfer_revoke", cast, recipient.pk)).status_code == 302
    recipient.refresh_from_db()
    assert not recipient.is_given


def _given(cast, access, scope=Scope.PUBLIC):
    recipient = services.recipient_add(
        actor=cast.core_member, community=cast.community, organisation="Université", email="u@univ.test"
    )
    return services.transfer_give(actor=cast.core_member, recipient=recipient, access=access, scope=scope)


def test_the_download_link_serves_the_archive_of_its_scope(client, cast):
    recipient = _given(cast, Recipient.Access.ARCHIVE)
    url = _url("recipient_download", cast, recipient.token)
    page = client.get(url)
    assert page.status_code == 200 and "not ready yet" in page.content.decode()
    built_archive(cast.community, Scope.MEMBERS)
    assert "not ready yet" in client.get(url).content.decode()  # the members' one is not given
    built_archive(cast.community, Scope.PUBLIC)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_read_access_serves_the_website_file_by_file(client, cast):
    recipient = _given(cast, Recipient.Access.READ)
    built_archive(cast.community, Scope.PUBLIC)
    home = client.get(_url("recipient_browse", cast, recipient.token, "index.html"))
    assert home.status_code == 200 and "Archive de la communauté" in home.content.decode()
    assert home["Content-Type"].startswith("text/html")
    folder = client.get(_url("recipient_browse", cast, recipient.token, "knowledge/"))
    assert "Base documentaire" in folder.content.decode()
    css = client.get(_url("recipient_browse", cast, recipient.token, "assets/style.css"))
    assert css["Content-Type"].startswith("text/css")
    assert client.get(_url("recipient_browse", cast, recipient.token, "../../etc/passwd")).status_code == 404
    assert client.get(_url("recipient_browse", cast, recipient.token, "missing.html")).status_code == 404
    # A read access is not a download link, nor the other way round.
    assert client.get(_url("recipient_download", cast, recipient.token)).status_code == 404


def test_revoked_and_expired_links_answer_404(client, cast):
    recipient = _given(cast, Recipient.Access.READ)
    built_archive(cast.community, Scope.PUBLIC)
    url = _url("recipient_browse", cast, recipient.token, "index.html")
    Recipient.objects.filter(pk=recipient.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    Recipient.objects.filter(pk=recipient.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert client.get(url).status_code == 200
    services.transfer_revoke(actor=cast.core_member, recipient=recipient)
    assert client.get(url).status_code == 404
