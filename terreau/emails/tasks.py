from django.tasks import task

from .models import Email
from .services import email_deliver


@task
def deliver_email(email_id: int) -> None:
    email = Email.objects.filter(pk=email_id).first()
    if email is not None:
        email_deliver(email=email)
