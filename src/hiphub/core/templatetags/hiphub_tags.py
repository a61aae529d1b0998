from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString

from hiphub.core import emergency

register = template.Library()


@register.filter
def with_emergency_number(text: str) -> SafeString:
    """Advice text written with a placeholder, escaped, with the configured emergency number
    as tap-to-call links."""
    try:
        return emergency.fill_html(text, settings.EMERGENCY_NUMBER)
    except ValueError:  # refused at start-up (hiphub.E010); never break a safety page
        return escape(emergency.fill_text(text, settings.EMERGENCY_NUMBER))


@register.simple_tag
def emergency_call() -> SafeString:
    """The emergency number(s) as tap-to-call links, for sentences in templates."""
    try:
        return emergency.links(settings.EMERGENCY_NUMBER)
    except ValueError:
        return escape(settings.EMERGENCY_NUMBER)
