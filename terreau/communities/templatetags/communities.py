from django import template
from django.urls import NoReverseMatch, reverse

from terreau.communities import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def community_tabs(context):
    """The community's navigation: its own tabs and those the apps built on it registered; `main`
    shown in a row, `manage` (the core team's management pages) folded under one entry."""
    tabs = registry.tabs_for(context)
    manage = [tab for tab in tabs if tab["group"] == "manage"]
    return {
        "main": [tab for tab in tabs if not tab["group"]],
        "manage": manage,
        "manage_current": any(tab["current"] for tab in manage),
    }


@register.simple_tag(takes_context=True)
def roles_links(context):
    """The links of the who-does-what page to the apps that fill roles (elections, calls)."""
    return registry.roles_links(context)


@register.simple_tag
def archive_url(community):
    """The address of the community's archive page, when the archive app draws one ("" otherwise)."""
    try:
        return reverse("archive:list", args=[community.slug])
    except NoReverseMatch:
        return ""
