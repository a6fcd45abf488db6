"""HTTP content negotiation: which of the media types we offer a client's ``Accept`` prefers.

RFC 9110, section 12.5.1: each media range of the header has a weight (``q``, 1 unless
given); the most specific range that matches an offer gives that offer its weight; an offer
of weight 0 is not acceptable. Among the acceptable offers the heaviest wins, and on a tie the
server's order decides (the first offer is its preference). A missing or empty header accepts
anything.

>>> offers = ["text/html", "text/turtle", "application/ld+json"]
>>> choose("text/turtle;q=0.9, application/ld+json", offers)
'application/ld+json'
>>> choose("*/*", offers), choose(None, offers)
('text/html', 'text/html')
>>> choose("text/*;q=0.5, text/html;q=0", offers)
'text/turtle'
>>> choose("image/png", offers) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

__all__ = ["choose", "parse_accept"]


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[tuple[str, str, float], ...]:
    """The media ranges of an ``Accept`` header: ``(type, subtype, q)``, malformed ones left out.

    >>> parse_accept("text/html;level=1;q=0.7, */*;q=0.1, bad")
    (('text', 'html', 0.7), ('*', '*', 0.1))
    """
    ranges = []
    for item in header.split(","):
        media, *parameters = item.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    weight = 0.0
        ranges.append((kind, subtype, weight))
    return tuple(ranges)


def _weight(offer: str, ranges: tuple[tuple[str, str, float], ...]) -> float:
    kind, _, subtype = offer.partition("/")
    best, specificity = 0.0, -1
    for range_kind, range_subtype, weight in ranges:
        if range_kind == kind and range_subtype == subtype:
            level = 2
        elif range_kind == kind and range_subtype == "*":
            level = 1
        elif range_kind == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = weight, level
    return best


def choose(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or ``None`` if it accepts none of them."""
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    chosen, best = None, 0.0
    for offer in offers:
        weight = _weight(offer, ranges)
        if weight > best:
            chosen, best = offer, weight
    return chosen
