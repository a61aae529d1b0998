"""Invite links as QR codes, drawn as SVG by segno (no dependencies). The SVG carries only
presentation attributes (stroke, fill), so it draws under the strict CSP, as an image or
opened on its own."""

import io

import segno


def svg(url: str, title: str) -> bytes:
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(
        out, kind="svg", xmldecl=False, scale=6, border=4, title=title,
        dark="#1d2a2a", light="#ffffff", svgclass=None, lineclass=None,
    )
    return out.getvalue()
