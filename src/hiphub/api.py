"""The JSON API at /api/, with its OpenAPI schema at /api/openapi.json.

Each capability contributes a django-ninja Router from its own `api.py`; they are added here.
Errors are JSON: 404 {"detail": message}, 422 {"detail": [{"loc": [...], "msg": ...}]}.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

import hiphub

api = NinjaAPI(
    title="hiphub API",
    version=hiphub.__version__,
    description=(
        "Anatomy of the hip and low back, safety screening and questionnaires, and a "
        "member's own self-care journal. Education and general wellness only."
    ),
    urls_namespace="api",
    docs_url=None,  # the Swagger page needs inline script, which our CSP forbids
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


class NotFoundError(Exception):
    """Raised by API routes for an unknown id; answered with 404 and the message."""


@api.exception_handler(NotFoundError)
def not_found(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


class InputError(Exception):
    """Raised for input that is well-formed but wrong; answered with 422 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    body: dict[str, Any] = {
        "detail": [
            {
                "loc": ["body" if request.method != "GET" else "query", exc.field],
                "msg": exc.message,
                "type": "value_error",
            }
        ]
    }
    return api.create_response(request, body, status=422)


@api.get("/health", tags=["site"], summary="Is the API up?")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


# Routers from each capability. Add one line per app: api.add_router("/anatomy/", router)
ROUTERS: list[tuple[str, str]] = [
    ("/anatomy/", "hiphub.anatomy.api"),
    ("/", "hiphub.journal.api"),
    ("/community/", "hiphub.community.api"),
    ("/screening/", "hiphub.screening.api"),
    ("/screening/", "hiphub.screening.gate_api"),
]


def _add_routers() -> None:
    from importlib import import_module

    for prefix, module_name in ROUTERS:
        api.add_router(prefix, import_module(module_name).router)


_add_routers()
