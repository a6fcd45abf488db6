"""The only place mosgraph mints IRIs: deterministic, readable and persistent.

Every resource the build creates lives under one base IRI, ``https://w3id.org/mosgraph/``
unless a publisher serves the data under a domain of its own (``--base`` on the command
line, or the ``MOSGRAPH_BASE`` environment variable). The same name always gives the same
IRI, so IRIs survive rebuilds.

>>> iris = Minter("https://example.org/")
>>> iris.person("Stéphane Dufour")
rdflib.term.URIRef('https://example.org/id/person/stephane-dufour')
>>> iris.meeting("HLG-MOS", "2021-01-29")
rdflib.term.URIRef('https://example.org/id/meeting/hlg-mos-2021-01-29')
>>> slug("Seán O'Neill"), slug("김정희"), slug("Focus 2021")
('sean-oneill', '김정희', 'focus-2021')
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata

from rdflib import URIRef

from .errors import UsageError

__all__ = ["DEFAULT_BASE", "Minter", "base_from_env", "checked_base", "slug", "wikidata_item"]

DEFAULT_BASE = "https://w3id.org/mosgraph/"


@functools.lru_cache(maxsize=1 << 16)  # a build names the same people and bodies again and again
def slug(text: str) -> str:
    """A lower-case, hyphenated form of ``text`` for use in an IRI path segment.

    Accents on Latin letters are dropped; letters of other scripts are kept as they are
    (IRIs allow them). Apostrophes vanish; any other run of non-letters becomes one hyphen.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = unicodedata.normalize("NFC", kept).lower()
    kept = re.sub("['\u2019\u02bc]", "", kept)  # straight, right and modifier apostrophes
    return re.sub(r"[^\w]+|_", "-", kept).strip("-")


def wikidata_item(identifier: str) -> URIRef:
    """The IRI of a Wikidata item (``Q41550``), as ``owl:sameAs`` links name it.

    >>> wikidata_item("Q41550")
    rdflib.term.URIRef('http://www.wikidata.org/entity/Q41550')
    """
    return URIRef(f"http://www.wikidata.org/entity/{identifier}")


def base_from_env() -> str:
    """The base IRI: ``MOSGRAPH_BASE`` if set, else :data:`DEFAULT_BASE`.

    Raises :class:`~mosgraph.errors.UsageError` if ``MOSGRAPH_BASE`` is not an absolute IRI
    RDF allows (checked once here, rather than in every IRI minted under it).
    """
    base = os.environ.get("MOSGRAPH_BASE")
    return checked_base(base, "MOSGRAPH_BASE") if base else DEFAULT_BASE


def checked_base(base: str, name: str = "the base IRI") -> str:
    """``base`` if it is an absolute IRI RDF allows; else a
    :class:`~mosgraph.errors.UsageError` saying what ``name`` holds.

    >>> checked_base("http://exa mple.org/", "MOSGRAPH_BASE")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UsageError: MOSGRAPH_BASE is not an absolute IRI ...: 'http://exa mple.org/' ...
    """
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(base)
    except ValueError as exc:
        raise UsageError(f"{name} is not an absolute IRI RDF allows: {base!r} ({exc}); "
                         "expected one such as https://example.org/") from exc
    return base


class Minter:
    """Mints the IRIs of one graph under one base.

    >>> Minter("https://example.org/data").base
    'https://example.org/data/'
    """

    def __init__(self, base: str | None = None) -> None:
        base = checked_base(base) if base else base_from_env()
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "id/" + "/".join(segments))

    # --- things -------------------------------------------------------------------------
    def person(self, name: str) -> URIRef:
        return self._iri("person", slug(name))

    def organisation(self, key: str) -> URIRef:
        return self._iri("org", slug(key))

    def work(self, key: str) -> URIRef:
        """A project, activity or work programme."""
        return self._iri("work", slug(key))

    def country(self, code: str) -> URIRef:
        return self._iri("country", code.lower())

    def place(self, name: str) -> URIRef:
        return self._iri("place", slug(name))

    def theme(self, name: str) -> URIRef:
        """A theme events are on ("workshop on <theme>")."""
        return self._iri("theme", slug(name))

    def theme_scheme(self) -> URIRef:
        return self._iri("themes")

    def population(self, key: str) -> URIRef:
        """A population figures count, named by a report ("participants", "countries")."""
        return self._iri("population", slug(key))

    def post(self, organisation_key: str, role: str) -> URIRef:
        return self._iri("post", slug(organisation_key), slug(role))

    def membership(self, member: URIRef, organisation: URIRef, role: str) -> URIRef:
        return self._iri("membership", _tail(organisation), slug(role), _tail(member))

    def dataset(self, key: str) -> URIRef:
        return self._iri("dataset", slug(key))

    def variable(self, dataset: URIRef, name: str) -> URIRef:
        """A measured variable of a dataset (e.g. a network metric)."""
        return URIRef(f"{dataset}/variable/{slug(name)}")

    def observation(self, dataset: URIRef, variable: str, key: str) -> URIRef:
        """One observation of ``variable`` in ``dataset``, about the thing ``key`` names."""
        return URIRef(f"{dataset}/observation/{slug(variable)}/{key}")

    # --- a meeting and what happened there ----------------------------------------------
    def meeting(self, body: str, date: str) -> URIRef:
        return self._iri("meeting", f"{slug(body)}-{date}")

    def replaced_meeting(self, meeting: URIRef) -> URIRef:
        return URIRef(f"{meeting}/replaced")

    def evidence(self, meeting: URIRef, what: str) -> URIRef:
        """The rdf:Statement that the report states ``what`` of the meeting (its kind, ...)."""
        return URIRef(f"{meeting}/evidence/{slug(what)}")

    def attendance(self, meeting: URIRef, person: URIRef) -> URIRef:
        """The record that ``person`` was present at ``meeting``."""
        return URIRef(f"{meeting}/attendance/{_tail(person)}")

    def delegation(self, attendance: URIRef) -> URIRef:
        """The qualified ``prov:Delegation`` of an attendance on behalf of someone."""
        return URIRef(f"{attendance}/delegation")

    def apologies(self, meeting: URIRef, person: URIRef) -> URIRef:
        """The record that ``person`` sent apologies for ``meeting``."""
        return URIRef(f"{meeting}/apologies/{_tail(person)}")

    def decision(self, meeting: URIRef, key: str) -> URIRef:
        return URIRef(f"{meeting}/decision/{slug(key)}")

    def change(self, meeting: URIRef, key: str) -> URIRef:
        return URIRef(f"{meeting}/change/{slug(key)}")

    def status(self, meeting: URIRef, subject: URIRef, status: str) -> URIRef:
        return URIRef(f"{meeting}/status/{_tail(subject)}/{slug(status)}")

    def topic_scheme(self, meeting: URIRef) -> URIRef:
        return URIRef(f"{meeting}/topics")

    def topic(self, meeting: URIRef, title: str) -> URIRef:
        return URIRef(f"{meeting}/topic/{slug(title)}")

    def statement(self, meeting: URIRef, number: int) -> URIRef:
        return URIRef(f"{meeting}/statement/{number}")

    def quotation(self, meeting: URIRef, number: int) -> URIRef:
        return URIRef(f"{meeting}/quotation/{number}")

    def figure(self, meeting: URIRef, key: str) -> URIRef:
        return URIRef(f"{meeting}/figure/{slug(key)}")

    # --- the report and its spans -------------------------------------------------------
    def report(self, stem: str) -> URIRef:
        return self._iri("report", slug(stem))

    def span(self, report: URIRef, start: int, end: int) -> URIRef:
        return URIRef(f"{report}/span/{start}-{end}")

    def selectors(self, span: URIRef) -> tuple[URIRef, URIRef, URIRef]:
        """The text position, quote and line (fragment) selectors of ``span``."""
        return URIRef(f"{span}/position"), URIRef(f"{span}/quote"), URIRef(f"{span}/lines")


def _tail(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
