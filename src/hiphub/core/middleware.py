"""Request limits and the response headers Django does not set by itself."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

Handler = Callable[[HttpRequest], HttpResponse]


def friendly_error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A small, styled error page; used for every 4xx the site produces itself."""
    body = render_to_string(
        "core/error.html",
        {"status": status, "title": title, "message": message},
        request=request,
    )
    return HttpResponse(body, status=status)


class RequestLimitsMiddleware:
    """Refuses oversized query strings before any view runs, and turns the bare 405
    that Django's method decorators return into a page a person can read."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_BYTES:
            return friendly_error(
                request,
                414,
                "That address is too long",
                "The link has more text after the question mark than this site accepts. "
                "Check the link, or start again from the home page.",
            )
        response = self.get_response(request)
        is_api = request.path.startswith("/api/")
        if response.status_code == 405 and not is_api and not response.content:
            allowed = response.get("Allow", "")
            page = friendly_error(
                request,
                405,
                "That action is not available here",
                f"This page cannot be used with {request.method}. Open it from a link "
                "or a form on the site instead.",
            )
            page["Allow"] = allowed
            return page
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy: hiphub needs no camera, microphone, location or payment."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        )
        return response
