from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import translation

from terreau.core.network import client_ip
from terreau.emails.services import email_queue_rendered


class TerreauSite:
    name = "Terreau"

    @property
    def domain(self):
        return settings.SITE_URL.split("://", 1)[-1]


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go out through the task worker; sign-up stays closed.

    Who may sign up is a rule of communities (whoever holds an invitation): the adapter the
    settings name, terreau.communities.adapter, opens it to them.
    """

    def is_open_for_signup(self, request):
        return False

    def signup_initial(self, request) -> dict:
        """What the sign-up form shows already filled in (views.SignupView), beyond the email."""
        return {}

    def clean_email(self, email):
        # allauth's field allows 320 characters, its table 254: PostgreSQL refused the rest (a 500).
        MaxLengthValidator(EmailAddress._meta.get_field("email").max_length)(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context):
        # allauth's templates greet "from {{ current_site.name }}": name the platform, not the host.
        context["current_site"] = TerreauSite()
        # Rendered here in the current language (the person's own, see UserLanguageMiddleware),
        # sent by the worker.
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        email_queue_rendered(
            to=email,
            subject=message.subject,
            text=message.body,
            html=html,
            template=template_prefix,
            language=translation.get_language() or "fr",
        )

    def get_client_ip(self, request):
        # Allauth's own rate limits count the same address as every other limit.
        return client_ip(request)
