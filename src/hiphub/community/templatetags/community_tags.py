"""`{% community_thread "page:hip-and-back" %}` puts a discussion under any page;
`{{ post.text|post_text }}` renders user text safely (escaped, links not followed)."""

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hiphub.community import spam, threads
from hiphub.community.context import thread_context

register = template.Library()


@register.inclusion_tag("community/thread.html", takes_context=True)
def community_thread(context: template.Context, thread: str) -> dict[str, Any]:
    found = threads.parse(thread)
    if found is None:  # a template names a discussion that does not exist: our mistake
        raise ValueError(f"community_thread: no discussion named {thread!r} (threads.py)")
    # The view says whether this render goes into the shared cache (pagecache.serve).
    found_context = thread_context(
        context["request"], found, shared=bool(context.get("shared_page"))
    )
    found_context["messages"] = context.get("messages")  # the thanks for a post just sent
    return found_context


@register.filter
def post_text(text: str) -> SafeString:
    """Escaped text with line breaks kept and web addresses as rel="nofollow ugc" links."""
    parts = []
    for piece, href in spam.segments(text or ""):
        if href is None:
            parts.append(escape(piece).replace("\n", "<br>"))
        else:
            parts.append(format_html('<a href="{}" rel="nofollow ugc">{}</a>', href, piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


@register.filter
def thread_title(key: str) -> str:
    """The discussion's title ("How the hips and low back relate") for its stored key, or the
    key itself when the discussion no longer exists (a routine was removed)."""
    found = threads.parse(key)
    return found.title if found is not None else key
