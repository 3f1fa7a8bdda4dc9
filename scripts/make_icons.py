"""Draw the home-screen icons: a plain notebook, no words, nothing that says what the app is for.

Writes static/icons/notes.svg and notes-192.png / notes-512.png with the standard library only
(no image package to install). Run with `make icons`; the files are committed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
# Shapes on a 96-unit square: (x, y, width, height, corner radius, colour).
BACKGROUND = "#4a6a7d"
SHAPES = [
    (0, 0, 96, 96, 18, BACKGROUND),
    (26, 16, 46, 64, 5, "#f4f1ea"),  # the cover's page
    (26, 16, 10, 64, 4, "#d9d2c3"),  # the spine
    (42, 32, 22, 4, 2, "#9aa7b0"),  # lines of (unreadable) writing
    (42, 44, 22, 4, 2, "#9aa7b0"),
    (42, 56, 14, 4, 2, "#9aa7b0"),
]


def svg() -> str:
    rects = "".join(
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{c}"/>' for x, y, w, h, r, c in SHAPES
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">{rects}</svg>\n'


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _inside(px: float, py: float, x: float, y: float, w: float, h: float, r: float) -> bool:
    if not (x <= px < x + w and y <= py < y + h):
        return False
    cx = min(max(px, x + r), x + w - r)
    cy = min(max(py, y + r), y + h - r)
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r


def png(size: int) -> bytes:
    scale = 96 / size
    rows = []
    for row in range(size):
        line = bytearray([0])  # filter: none
        for col in range(size):
            # 2 x 2 samples per pixel soften the edges.
            samples = []
            for dy in (0.25, 0.75):
                for dx in (0.25, 0.75):
                    px, py = (col + dx) * scale, (row + dy) * scale
                    pixel = (0, 0, 0, 0)
                    for x, y, w, h, r, c in SHAPES:
                        if _inside(px, py, x, y, w, h, r):
                            pixel = (*_rgb(c), 255)
                    samples.append(pixel)
            line += bytes(sum(s[i] for s in samples) // 4 for i in range(4))
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "notes.svg").write_text(svg(), encoding="utf-8")
    for size in (192, 512):
        (OUT / f"notes-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
