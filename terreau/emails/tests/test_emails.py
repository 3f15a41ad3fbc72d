import email
from email import policy

import pytest
from django.core import mail
from django.test import override_settings

from conftest import make_user
from terreau.communities import services
from terreau.emails.models import Email

pytestmark = pytest.mark.django_db


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_an_invitation_email_has_a_subject_a_text_part_and_an_html_part(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(actor=cast.core_member, community=cast.community, email="a@x.test")
    message = parsed(mail.outbox[0])
    assert message["To"] == "a@x.test"
    assert "Circuits courts" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert invitation.get_absolute_url() in text and invitation.get_absolute_url() in html
    assert "&#x27;" not in text and "&amp;" not in text  # plain text is not HTML-escaped


def test_emails_are_written_in_the_recipients_language(cast, django_capture_on_commit_callbacks):
    cast.outsider.language = "en"
    cast.outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=cast.core_member, community=cast.community, email=cast.outsider.email)
    assert mail.outbox[0].subject.startswith("Invitation to join")  # not the site's French


@override_settings(LANGUAGE_CODE="en")
def test_a_french_speaking_person_gets_french_on_an_english_site(cast, django_capture_on_commit_callbacks):
    neighbour = make_user("voisine@x.test", "Claire Voisine", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        for address in (neighbour.email, "nouveau@x.test"):
            services.invitation_create(actor=cast.core_member, community=cast.community, email=address)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[neighbour.email].startswith("Invitation à rejoindre")
    assert subjects["nouveau@x.test"].startswith("Invitation to join")  # no account: the site's language


def test_nothing_is_sent_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.invitation_create(actor=cast.core_member, community=cast.community, email="b@x.test")
            raise RuntimeError
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_queued_emails(tmp_path, task_queue):
    """Through the real queue (the database's or RQ's) and its worker, as under `make run` or in production."""
    from conftest import build_cast

    cast = build_cast()
    services.invitation_create(actor=cast.core_member, community=cast.community, email="queued@x.test")
    queued = Email.objects.get(to="queued@x.test")
    assert queued.status == Email.Status.QUEUED and mail.outbox == []
    task_queue.drain()
    queued.refresh_from_db()
    assert queued.status == Email.Status.SENT
    assert [m.to for m in mail.outbox] == [["queued@x.test"]]
