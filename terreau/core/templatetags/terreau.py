from django import template

from terreau.core import markdown as markdown_module

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown to sanitised HTML."""
    return markdown_module.render(text or "")
