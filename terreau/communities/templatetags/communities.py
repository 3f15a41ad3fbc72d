from django import template

from terreau.communities import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def community_tabs(context):
    """The community's navigation: its own tabs and those the apps built on it registered."""
    return registry.tabs_for(context)


@register.simple_tag(takes_context=True)
def roles_links(context):
    """The links of the who-does-what page to the apps that fill roles (elections, calls)."""
    return registry.roles_links(context)
