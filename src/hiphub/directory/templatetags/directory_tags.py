"""`{% find_therapist_url regions %}`: a link into the directory search with the areas
treated filled in, for other apps' pages ("Where does it hurt?", the safety check result)."""

from collections.abc import Iterable
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from hiphub.anatomy.atlas import load as load_anatomy

register = template.Library()

# The approach's focus, for pages that know no regions of their own: the low back and the hip.
LOW_BACK_AND_HIPS = ("lumbar_paraspinal", "posterior_hip")


@register.simple_tag
def find_therapist_url(regions: Iterable[str] | None = None) -> str:
    """The search page with these body regions ticked (warning-sign areas are left out)."""
    body_regions = load_anatomy().body_regions
    chosen = [r for r in (regions or LOW_BACK_AND_HIPS) if r in body_regions]
    query = urlencode([("region", r) for r in dict.fromkeys(chosen)])
    return reverse("directory:index") + (f"?{query}" if query else "") + "#results"
