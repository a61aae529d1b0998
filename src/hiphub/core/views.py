from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from hiphub.core.decorators import read_only
from hiphub.core.middleware import api_error, body_too_large, friendly_error, is_api
from hiphub.core.pagecache import for_visitors
from hiphub.screening.redflags import flags_by_level


@read_only
@for_visitors
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@read_only
@cache_control(public=True, max_age=300)
@for_visitors
def help_now(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help_now.html", {"levels": flags_by_level()})


@read_only
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ok", reported, not raised
        return JsonResponse(
            {"status": "error", "database": {"ok": False, "error": type(exc).__name__}},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": {"ok": True, "vendor": connection.vendor}})


# Django's handlers for errors raised outside a view's own answer. Each answers a person with a
# page and the API (anything under /api/) with JSON, {"detail": message}.


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return body_too_large(request)
    return friendly_error(
        request,
        400,
        "That request could not be understood",
        "Something in the request was malformed. Go back and try again.",
        api_detail="Bad Request: the request could not be read.",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return friendly_error(
        request,
        403,
        "This page is not yours to open",
        "You may need to sign in with a different account.",
        api_detail="Forbidden.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return friendly_error(
        request,
        403,
        "The form had expired",
        "For your safety, forms only work for a while after the page is opened, and only "
        "with cookies allowed. Go back, reload the page and send the form again.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return friendly_error(
        request,
        404,
        "Page not found",
        "There is no page at this address. It may have moved, or the link may be mistyped.",
        api_detail="Not Found: no API operation at this address (see /api/openapi.json).",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(500, "Something went wrong on the server. The problem has been logged.")
    # Rendered without the request context so that a broken context processor cannot
    # break the error page too.
    return HttpResponse(
        "<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1>"
        "<p>The problem has been logged. Please try again in a moment.</p>",
        status=500,
    )
