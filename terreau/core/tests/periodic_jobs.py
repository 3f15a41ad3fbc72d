"""A periodic job for the scheduler's tests: queues one email, slowly enough for two schedulers to overlap."""

import time


def queue_one_email() -> None:
    from terreau.emails.services import email_queue_rendered

    time.sleep(0.5)
    email_queue_rendered(to="once@x.test", subject="Rappel", text="Bonjour", html="", template="test", language="fr")
