"""The guided relaxation audio over HTTP: byte ranges, downloads, and no wait for a first play.

A finished file is sent with `Accept-Ranges: bytes`, and a `Range` request gets 206 with only
those bytes (or 416), so players can seek and learn the true length. A length that is not
finished yet is streamed from the render in progress, from its first byte, while it is made
(hiphub.selfcare.prerender); `?download=1` asks the browser to save the file.

The same track as MP3 (`<minutes>.mp3`) is for Safari, which does not play OGG Vorbis: a copy of
the finished OGG, made by the pre-render or, for a length not made yet, once its render ends.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase

from hiphub.core.decorators import read_only
from hiphub.selfcare import audio, byteranges, prerender
from hiphub.selfcare.protocol import Protocol, UnknownProtocolError, get

CONTENT_TYPE = "audio/ogg"
MP3_TYPE = "audio/mpeg"
MP3_WAIT = 180.0  # seconds an MP3 request waits for a render of a length not made yet
EARLY_RANGE_LIMIT = 1024 * 1024  # a range of a render in progress is waited for up to here
_BOUNDED = re.compile(r"^\s*bytes\s*=\s*(\d+)\s*-\s*(\d+)\s*$", re.IGNORECASE)


def _protocol(protocol_id: str) -> Protocol:
    try:
        return get(protocol_id)
    except UnknownProtocolError as exc:
        raise Http404(str(exc)) from None


def download_name(protocol: Protocol, minutes: int, suffix: str = "ogg") -> str:
    return f"hiphub-relaxation-{protocol.id.replace('_', '-')}-{minutes}-min.{suffix}"


def _disposition(response: HttpResponseBase, request: HttpRequest, name: str) -> None:
    kind = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{kind}; filename="{name}"'


def _byte_slice(path: Path, first: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as f:
        f.seek(first)
        while length > 0:
            block = f.read(min(length, prerender.READ_SIZE))
            if not block:
                return
            length -= len(block)
            yield block


def ranged_file(
    request: HttpRequest, path: Path, name: str, content_type: str = CONTENT_TYPE
) -> HttpResponseBase:
    """The whole file (200) or the one range asked for (206), or 416 naming the size."""
    stat = path.stat()
    etag = f'"{path.stem[:16]}-{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        header = None  # the browser's copy is of another render: send the whole new one
    try:
        wanted = byteranges.parse(header, stat.st_size)
    except byteranges.RangeNotSatisfiableError:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = byteranges.unsatisfied(stat.st_size)
        refused["Accept-Ranges"] = "bytes"
        return refused
    response: HttpResponseBase
    if wanted is None:
        response = FileResponse(path.open("rb"), content_type=content_type)
    else:
        response = StreamingHttpResponse(
            _byte_slice(path, wanted.first, wanted.length), content_type=content_type, status=206
        )
        response["Content-Range"] = wanted.content_range
        response["Content-Length"] = str(wanted.length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    _disposition(response, request, name)
    return response


def _early_range(
    request: HttpRequest, growing: Iterator[bytes], finished: Callable[[], HttpResponseBase]
) -> HttpResponseBase | None:
    """A small range with both ends (Safari's first `bytes=0-1`, curl's `bytes=1000-1999`) of a
    render in progress: 206 once those bytes are written, the total still unknown (`/*`, as
    RFC 9110 allows). None for any other request, which is streamed whole."""
    match = _BOUNDED.match(request.headers.get("Range", ""))
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    if last < first or last >= EARLY_RANGE_LIMIT:
        return None
    data = b""
    for block in growing:
        data += block
        if len(data) > last:
            break
    else:
        return finished()  # the render ended first: the finished file answers
    close = getattr(growing, "close", None)
    if close:
        close()
    response = HttpResponse(data[first : last + 1], content_type=CONTENT_TYPE, status=206)
    response["Content-Range"] = f"bytes {first}-{last}/*"
    response["Cache-Control"] = "no-store"
    return response


def _track(protocol_id: str, minutes: int) -> prerender.Track:
    protocol = _protocol(protocol_id)
    if minutes % 5 or not protocol.minutes.min <= minutes <= protocol.minutes.max:
        raise Http404("The relaxation comes in 5-minute steps within the protocol's range.")
    if not audio.tools_available():
        raise Http404("Audio is not available on this server; the cues are shown as text.")
    return prerender.track(Path(settings.RENDER_CACHE_DIR), protocol, minutes)


@read_only
def relaxation_audio_mp3(
    request: HttpRequest, protocol_id: str, minutes: int
) -> HttpResponseBase:
    """The guided relaxation as MP3, with ranges: a length not made yet waits for its render
    (Safari plays only a file it can ask for in ranges, so it cannot follow a render)."""
    item = _track(protocol_id, minutes)
    if not audio.mp3_available():
        raise Http404("MP3 audio is not available on this server; the OGG version is.")
    if not item.mp3.exists():
        prerender.start(item)
        if not prerender.wait_for(item, MP3_WAIT):
            raise Http404("The relaxation audio is still being made; try again shortly.")
        try:
            prerender.make_mp3(item)
        except (audio.AudioRenderError, audio.AudioUnavailableError, OSError):
            raise Http404("The MP3 audio could not be made just now; try again shortly.") from None
    name = download_name(item.protocol, minutes, "mp3")
    return ranged_file(request, item.mp3, name, MP3_TYPE)


@read_only
def relaxation_audio(request: HttpRequest, protocol_id: str, minutes: int) -> HttpResponseBase:
    """The guided relaxation for a length: the finished file, or the render in progress."""
    item = _track(protocol_id, minutes)
    protocol = item.protocol
    name = download_name(protocol, minutes)
    if not item.final.exists():
        prerender.start(item)
        try:
            growing = prerender.follow(item)
        except TimeoutError:
            growing = None
        if growing is not None:

            def finished() -> HttpResponseBase:
                if not item.final.exists():
                    raise Http404("The relaxation audio could not be made; try again shortly.")
                return ranged_file(request, item.final, name)

            early = _early_range(request, growing, finished)
            if early is not None:
                return early
            # Sent as it is made: no length yet, so no ranges; the next load gets the file.
            response = StreamingHttpResponse(growing, content_type=CONTENT_TYPE)
            response["Cache-Control"] = "no-store"
            response["Accept-Ranges"] = "none"
            _disposition(response, request, name)
            return response
        if not item.final.exists():
            raise Http404("The relaxation audio could not be made just now; try again shortly.")
    return ranged_file(request, item.final, name)
