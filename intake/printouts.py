"""Printouts (一次性告知书, 回执, referral notice) as A4 PDFs rendered by WeasyPrint.

Chinese text is set in Noto Serif CJK SC (Debian's fonts-noto-cjk, installed by bin/setup);
with libharfbuzz-subset0 present WeasyPrint subsets it in milliseconds, not seconds.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

# Built once per process: font lookups are the slow part of a first render.
FONTS = FontConfiguration()


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html).write_pdf(font_config=FONTS)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
