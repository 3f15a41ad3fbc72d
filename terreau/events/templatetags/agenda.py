from django import template

from terreau.core import text

register = template.Library()

# Minutes as hours and minutes: "45 min", "2 h", "1 h 15".
register.filter("duration", text.duration)
