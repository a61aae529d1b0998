from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.safestring import mark_safe

from hiphub.community import pagecache
from hiphub.content import pages
from hiphub.core.decorators import read_only


@read_only
def page(request: HttpRequest, slug: str) -> HttpResponseBase:
    """An education page with its discussion underneath, from the cache when it can be."""
    found = pages.get(slug)

    def render_page(shared: bool) -> HttpResponse:
        return render(
            request,
            "content/page.html",
            {
                "page": found,
                "body": mark_safe(found.html),  # noqa: S308 - our own Markdown files
                "shared_page": shared,
            },
        )

    return pagecache.serve(request, f"page:{slug}", render_page)
