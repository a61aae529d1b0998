"""The JSON API at /api/, with its OpenAPI schema at /api/openapi.json.

Each capability contributes a django-ninja Router from its own `api.py`; they are added here.

Every answer under /api/ is JSON, errors included: {"detail": message} for 400, 401, 403, 404,
405, 413, 414, 429 and 500, and {"detail": [{"loc": [...], "msg": ..., "type": ...}]} for 422.
The errors that ninja's own handlers raise are answered here; the ones Django answers before or
after a route runs (unknown address, wrong method, oversized query or body, server error) by
hiphub.core.middleware and hiphub.core.views. The published schema lists them for every
operation (`document_errors`), so routers need not repeat them.
"""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

import hiphub
from hiphub.core.parsing import NUL_MESSAGE, nul_locations

# --- Shared shapes --------------------------------------------------------------------------


# A cited source; `url` is null when the source has no stable link (e.g. a textbook).
class SourceOut(Schema):
    name: str
    url: str | None


# --- Reading requests -----------------------------------------------------------------------


def _refuse_nul(where: str, data: Any) -> None:
    places = nul_locations(data)
    if places:
        raise ValidationError(
            [{"loc": [where, *place], "msg": NUL_MESSAGE, "type": "value_error"}
             for place in places]
        )


class StrictParser(Parser):
    """ninja's JSON parser, refusing NUL characters in the body and the query with a 422.
    (ninja wraps an error raised while parsing the body in a 400; `http_error` unwraps it.)"""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        _refuse_nul("body", data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse_nul("query", parsed)
        return parsed


# --- The documented errors ------------------------------------------------------------------

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"type": "string", "title": "Detail"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "title": "ValidationError",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
    "required": ["detail"],
}
ERRORS: dict[int, str] = {
    400: "The request could not be read (for example, malformed JSON).",
    401: "Sign in first: this operation needs a member's session.",
    403: "Refused: the CSRF token is missing or wrong.",
    404: "No such item.",
    413: "The request body is too large.",
    414: "The query string is too long.",
    422: "Invalid input; each problem names its field in `loc`.",
}
BODY_METHODS = {"post", "put", "patch", "delete"}


def _error_codes(method: str, operation: dict[str, Any]) -> list[int]:
    """The 4xx answers the error handlers can give this operation."""
    codes = [414]
    params = operation.get("parameters", [])
    if "requestBody" in operation:
        codes += [400, 413, 422]
    elif params:
        codes.append(422)
    if any(p.get("in") == "path" for p in params):
        codes.append(404)
    if operation.get("security"):
        codes.append(401)
        if method in BODY_METHODS:
            codes.append(403)
    return sorted(codes)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses to every operation. Where a route documents one of those codes
    itself (POST /api/sessions: 403 when the self-care gate is closed), the answer may be
    either shape, since the handlers here give that code too (403: a failed CSRF check)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method, operation):
                ref = {"$ref": "#/components/schemas/" + (
                    "ValidationError" if code == 422 else "Error")}
                own = responses.get(code) or responses.get(str(code))
                if own is None:
                    responses[code] = {
                        "description": ERRORS[code],
                        "content": {"application/json": {"schema": ref}},
                    }
                    continue
                media = own.setdefault("content", {}).setdefault("application/json", {})
                if media.get("schema", ref) != ref:
                    media["schema"] = {"anyOf": [media["schema"], ref]}
                    own["description"] = f"{own.get('description', '')} Or: {ERRORS[code]}"
    return schema


class SchemaNameClash(Exception):
    """Two different models share a name, so the published schema could hold only one."""


class CheckedSchema(OpenAPISchema):
    """ninja's schema builder files every model under its class name and silently keeps the
    last of two different models with one name (SourceOut once did this: anatomy's sources
    may have no url, screening's always had one, and the published schema said "always").
    This one refuses, so the mistake fails the tests instead of misleading clients."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                raise SchemaNameClash(
                    f"two different API schemas are both called {name!r}; rename one, or "
                    "share one model"
                )
        super().add_schema_definitions(definitions)


class HiphubAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = CheckedSchema(api=self, path_prefix=path_prefix)
        document_errors(schema)
        return schema


api = HiphubAPI(
    title="hiphub API",
    version=hiphub.__version__,
    description=(
        "Anatomy of the hip and low back, safety screening and questionnaires, and a "
        "member's own self-care journal. Education and general wellness only.\n\n"
        'Every answer is JSON. Errors are {"detail": "message"}, and 422 lists each '
        "problem with the field at fault in `loc`. Text may not contain NUL characters."
    ),
    urls_namespace="api",
    docs_url=None,  # the Swagger page needs inline script, which our CSP forbids
    parser=StrictParser(),
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja answers any failure to read the body with 400; a NUL found by StrictParser is
    # well-formed JSON, so it keeps its 422 naming the field.
    if isinstance(exc.__cause__, ValidationError):
        return validation_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)


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
    ("/directory/", "hiphub.directory.api"),
    ("/practice/", "hiphub.practice.api"),
    ("/", "hiphub.reports.api"),
]


def _add_routers() -> None:
    from importlib import import_module

    for prefix, module_name in ROUTERS:
        api.add_router(prefix, import_module(module_name).router)


_add_routers()
