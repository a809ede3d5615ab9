"""Printouts (一次性告知书, 回执, referral notice) as A4 PDFs rendered by WeasyPrint.

Chinese text is set in Noto Serif CJK SC (Debian's fonts-noto-cjk, installed by bin/setup);
with libharfbuzz-subset0 present WeasyPrint subsets it in milliseconds, not seconds.
"""

import gc

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

# Built once per process: font lookups are the slow part of a first render.
FONTS = FontConfiguration()

_warm = False


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    # No collections during the render: they would only promote its boxes, and the garbage
    # they leave in cycles, to older generations, to be walked again and again by later
    # collections. Instead one young collection at the end frees it all, every render alike.
    collecting = gc.isenabled()
    gc.disable()
    try:
        content = HTML(string=html).write_pdf(font_config=FONTS)
    finally:
        if collecting:
            gc.enable()
    if not _warm:
        settle_heap()
    else:
        gc.collect(0)
    return content


def settle_heap() -> None:
    """Once, after the first printout: the process is warm (Django, WeasyPrint, the fonts
    loaded), so collect once and freeze what is alive. A render allocates some 100,000
    objects; every few renders that set off a full collection which walked the whole heap
    (~350,000 objects), the p95 pauses. Frozen objects are skipped by every later
    collection; they are still freed when nothing refers to them."""
    global _warm
    _warm = True
    gc.collect()
    gc.freeze()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
