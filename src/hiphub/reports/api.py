"""The reports API: /api/reports/ (a member's own report and exports) and /api/experiments
(the fair test). A therapist's copies live under /api/practice/clients/{link_id}/."""

from ninja import Router
from ninja.security import django_auth

router = Router(tags=["reports"], auth=django_auth)
