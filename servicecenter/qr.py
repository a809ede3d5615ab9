"""QR codes as SVG: inline in a page, or as a data URI inside a printout."""

import base64

import qrcode
import qrcode.image.svg


def qr_svg(url: str, *, box_size: int = 6, border: int = 1) -> str:
    image = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size, border=border
    )
    return image.to_string(encoding="unicode")


def qr_data_uri(url: str, *, box_size: int = 6, border: int = 1) -> str:
    svg = qr_svg(url, box_size=box_size, border=border)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
