"""Request limits, compression of text responses and the response headers Django does not set
by itself."""

from collections.abc import Callable
from functools import cache

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string

Handler = Callable[[HttpRequest], HttpResponse]

# The largest request body accepted at all: a 2 MB journal CSV with room for the form around
# it. Checked against Content-Length before anything reads the body, so an endless upload is
# refused at once instead of being spooled to disk first.
MAX_BODY_BYTES = 3 * 1024 * 1024


def is_api(request: HttpRequest) -> bool:
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def api_error(status: int, detail: str) -> JsonResponse:
    """The API's error shape, {"detail": message}, for errors answered outside ninja."""
    return JsonResponse({"detail": detail}, status=status)


def friendly_error(
    request: HttpRequest, status: int, title: str, message: str, api_detail: str | None = None
) -> HttpResponse:
    """A small, styled error page; used for every 4xx the site produces itself. Under /api/
    the same error is JSON, with `api_detail` (or the title) as its detail."""
    if is_api(request):
        return api_error(status, api_detail or title)
    body = render_to_string(
        "core/error.html",
        {"status": status, "title": title, "message": message},
        request=request,
    )
    return HttpResponse(body, status=status)


def body_too_large(request: HttpRequest) -> HttpResponse:
    return friendly_error(
        request,
        413,
        "That upload is too large",
        "The form sent more data than this site accepts. A journal CSV may be at most 2 MB; "
        "split a larger file and send the parts one by one.",
        api_detail="The request body is too large.",
    )


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestLimitsMiddleware:
    """Refuses oversized query strings and bodies before any view runs, and turns the bare
    405 that Django's method decorators and ninja return into a page a person can read (or,
    under /api/, into the API's JSON error)."""

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
                api_detail=(
                    f"The query string is longer than {settings.MAX_QUERY_STRING_BYTES} bytes."
                ),
            )
        if _content_length(request) > MAX_BODY_BYTES:
            return body_too_large(request)
        response = self.get_response(request)
        if response.status_code == 405 and (is_api(request) or not response.content):
            allowed = response.get("Allow", "")
            page = friendly_error(
                request,
                405,
                "That action is not available here",
                f"This page cannot be used with {request.method}. Open it from a link "
                "or a form on the site instead.",
                api_detail=f"Method {request.method} is not allowed here; use {allowed}.",
            )
            page["Allow"] = allowed
            return page
        return response


# What a view could use to give one response its own policy (django-csp's decorators) or a
# nonce; hiphub uses neither today, but a response that does goes the library's long way.
_CSP_PER_RESPONSE = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@cache
def site_policy() -> str:
    """The site-wide Content-Security-Policy (settings.CONTENT_SECURITY_POLICY), built once
    per process."""
    return build_policy()


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with the site-wide policy built once instead of twice for every response
    (the policy and its report-only twin, which hiphub does not set): that was a sixth of
    the time of a page served from the cache. A response with a policy of its own, or a
    request that used a nonce, is handled by django-csp itself."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            settings.DEBUG  # django-csp leaves Django's debug pages alone
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_PER_RESPONSE)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        ):
            return super().process_response(request, response)
        response.setdefault(CSP_HEADER, site_policy())
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


# What is worth compressing: text formats. Audio, images other than SVG and PDFs are
# compressed already, and gzipping them again only costs CPU and the Content-Length.
_TEXT_TYPES = {"application/json", "application/javascript", "application/xml", "image/svg+xml"}


def is_text(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in _TEXT_TYPES or media.endswith(("+json", "+xml"))


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation: random bytes in every gzip
    header, on top of masked CSRF tokens) for text responses only; see docs/decisions.md."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not is_text(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
