#!/usr/bin/env python3
"""Writes cwd-plus-logo.png, the demo event's badge logo.

The logo is SYNTHETIC: it is not the real emblem of the "Centrum Wsparcia Doradczego Plus" programme
(CWD+), only a stand-in of the same kind for the demo and the tests. It is a circle with a radial grey
gradient (light upper left, dark lower right, so the dither's dot densities show) and a bold white "+"
in it, on a transparent background (which prints nothing), 600 x 600 pixels, 8-bit grey + alpha.

Run from anywhere, with nothing but the Python 3 standard library:

    python3 printing/templates/make_cwd_plus_logo.py            # writes cwd-plus-logo.png next to this script
    python3 printing/templates/make_cwd_plus_logo.py out.png    # or to the path given

The output is deterministic (no timestamp chunk), so re-running it leaves the shipped file unchanged.
"""

import math
import pathlib
import struct
import sys
import zlib

SIZE = 600
CENTRE = SIZE / 2
RADIUS = 290.0

# The gradient: lightest at a highlight up and to the left of the centre, darkening with distance from it.
HIGHLIGHT_X = SIZE * 0.36
HIGHLIGHT_Y = SIZE * 0.30
LIGHTEST = 200
DARKEST = 40
GRADIENT_REACH = 470.0  # distance from the highlight at which the gradient reaches DARKEST

# The "+": two bars through the centre, thick enough to stay bold when the logo prints 15 mm wide.
PLUS_HALF_LENGTH = 185.0
PLUS_HALF_THICKNESS = 55.0

WHITE = 255


def overlap(low, high, pixel):
    """How much of the pixel [pixel, pixel + 1) lies inside [low, high)."""
    return max(0.0, min(high, pixel + 1.0) - max(low, pixel))


def plus_coverage(x, y):
    """Exact share of pixel (x, y) covered by the "+" (the union of two rectangles)."""
    near, far = CENTRE - PLUS_HALF_THICKNESS, CENTRE + PLUS_HALF_THICKNESS
    start, end = CENTRE - PLUS_HALF_LENGTH, CENTRE + PLUS_HALF_LENGTH
    across = overlap(start, end, x) * overlap(near, far, y)
    down = overlap(near, far, x) * overlap(start, end, y)
    both = overlap(near, far, x) * overlap(near, far, y)  # the centre square, counted in both bars
    return across + down - both


def circle_coverage(x, y):
    """Approximate share of pixel (x, y) inside the circle: a one-pixel ramp across the edge."""
    distance = math.hypot(x + 0.5 - CENTRE, y + 0.5 - CENTRE)
    return min(1.0, max(0.0, RADIUS - distance + 0.5))


def gradient_level(x, y):
    distance = math.hypot(x + 0.5 - HIGHLIGHT_X, y + 0.5 - HIGHLIGHT_Y)
    share = min(1.0, distance / GRADIENT_REACH)
    return LIGHTEST + (DARKEST - LIGHTEST) * share


def pixel(x, y):
    """(grey, alpha) of one pixel: the circle's gradient, whitened where the "+" covers it."""
    alpha = circle_coverage(x, y)
    if alpha == 0.0:
        return WHITE, 0  # transparent; white so a viewer that ignores alpha shows paper too
    cover = plus_coverage(x, y)
    grey = gradient_level(x, y) * (1.0 - cover) + WHITE * cover
    return round(grey), round(alpha * 255)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_bytes():
    rows = bytearray()
    for y in range(SIZE):
        rows.append(1)  # filter "Sub": each byte minus the one a pixel to the left; gradients become small
        previous = bytearray(2)
        for x in range(SIZE):
            grey, alpha = pixel(x, y)
            rows.append((grey - previous[0]) & 0xFF)
            rows.append((alpha - previous[1]) & 0xFF)
            previous[0], previous[1] = grey, alpha
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 4, 0, 0, 0)  # 8-bit grey + alpha, not interlaced
    description = b"Description\0Synthetic demo logo for CWD+ (make_cwd_plus_logo.py), not the real emblem"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", description)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def main():
    default = pathlib.Path(__file__).resolve().parent / "cwd-plus-logo.png"
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    data = png_bytes()
    output.write_bytes(data)
    print(f"wrote {output} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
