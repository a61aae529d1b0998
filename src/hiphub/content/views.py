from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from hiphub.content import pages
from hiphub.core.decorators import read_only


@read_only
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = pages.get(slug)
    return render(
        request,
        "content/page.html",
        {"page": found, "body": mark_safe(found.html)},  # noqa: S308 - our own Markdown files
    )
