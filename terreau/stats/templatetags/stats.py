from django import template

from ..charts import number

register = template.Library()


@register.filter
def at(values, index):
    return values[index]


@register.filter
def add_float(value, amount):
    return round(float(value) + float(amount), 1)


@register.filter
def stat_number(value, unit=""):
    """A figure as the tables show it: "—" for nothing to measure, "12,5 %" for a rate."""
    return number(value, unit)


@register.filter
def measure(row, key):
    """A measure of a day or period row, as the tables show it."""
    from ..selectors import BY_KEY, value_of

    return number(value_of(row, key), str(BY_KEY[key].unit))


@register.filter
def at_key(mapping, key):
    return mapping.get(key, {})
