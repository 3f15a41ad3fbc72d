from django import template

from terreau.core.markdown import render

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown written by the core team, as sanitised HTML."""
    return render(text or "")
