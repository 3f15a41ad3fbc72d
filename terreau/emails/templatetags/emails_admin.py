from django import template

from ..models import Email

register = template.Library()


@register.simple_tag
def failed_email_count() -> int:
    return Email.objects.filter(status=Email.Status.FAILED).count()
