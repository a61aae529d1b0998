from django import template
from django.conf import settings

register = template.Library()


@register.filter
def with_emergency_number(text: str) -> str:
    """Fill the configured emergency number into advice text written with a placeholder."""
    return text.replace("{emergency_number}", settings.EMERGENCY_NUMBER)
