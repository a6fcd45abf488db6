"""A catalogue record for a built graph: DCAT-AP 3, VoID and a schema.org ``Dataset``.

:func:`describe` looks at a built graph (its meetings, their dates and organisers, the
reports it was built from) and at the files it is published as, and returns a
:class:`Catalog` of three descriptions:

- ``dcat``: a DCAT 3 / DCAT-AP 3 record: a ``dcat:Catalog`` with the ``dcat:Dataset`` of
  the graph, one ``dcat:Distribution`` per file (media type, file type, byte size, SHA-256
  checksum, download URL), a ``dcat:DataService`` for a SPARQL endpoint if there is one,
  and the source reports as datasets the graph is derived from (``dct:source``);
- ``void``: VoID statistics of the graph (see :mod:`mosgraph.void`);
- ``schema_org``: a schema.org ``Dataset`` as a JSON-LD dict, to paste into a web page
  (:meth:`Catalog.html` gives the ``<script>`` block).

Every IRI of the record is under ``base_url``: ``catalog``, ``dataset``, ``publisher``,
``contact``, ``service``, ``distribution/<file-name>``, ... Dates come from the graph (the
first and last meeting) unless given, never from the clock, so the same graph and files
always give the same bytes. :func:`write_catalog` writes the three files side by side
(``catalog.ttl``, ``catalog.void.ttl``, ``catalog.schema.jsonld``), all or none.

>>> from rdflib import Graph
>>> graph = Graph().parse(format="turtle", data='''
...     @prefix schema: <https://schema.org/> .
...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
...     <https://example.org/id/meeting/m1> a schema:Event ;
...         schema:startDate "2021-01-29"^^xsd:date .
... ''')
>>> record = describe(graph, base_url="https://data.example.org/mosgraph")
>>> record.dataset
rdflib.term.URIRef('https://data.example.org/mosgraph/dataset')
>>> print(record.dcat.value(record.dataset, DCTERMS.issued))
2021-01-29
>>> record.schema_org["temporalCoverage"]
'2021-01-29/2021-01-29'
>>> describe(graph, base_url="data.example.org")
Traceback (most recent call last):
mosgraph.errors.UsageError: base URL 'data.example.org' is not an absolute http(s) URL (like https://example.org/mosgraph/)
>>> [p.name for p in companion_paths("out/catalog.ttl")]
['catalog.ttl', 'catalog.void.ttl', 'catalog.schema.jsonld']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS

from .errors import InputError, UsageError
from .formats import Format, for_path
from .iris import slug
from .meetings import dated
from .output import write_files
from .rdfio import serialize
from .vocab import DCAT, DCATAP, GEO, MOS, ONTOLOGY_IRI, SCHEMA, SPDX, VCARD
from .void import Statistics, describe_void

__all__ = [
    "CC_BY_4",
    "DEFAULT_PUBLISHER",
    "PUBLISHER_TYPES",
    "Catalog",
    "Publisher",
    "companion_paths",
    "describe",
    "write_catalog",
]


CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

# EU Publications Office authority tables, IANA, GeoNames and ADMS: the values DCAT-AP asks for
_EU = "http://publications.europa.eu/resource/authority/"
_DATA_THEME = URIRef(_EU + "data-theme")
_GOVERNMENT = URIRef(_EU + "data-theme/GOVE")
_ENGLISH = URIRef(_EU + "language/ENG")
_AVAILABLE = URIRef(_EU + "planned-availability/AVAILABLE")
_FILE_TYPE = _EU + "file-type/"
_IANA = "https://www.iana.org/assignments/media-types/"
_EARTH = URIRef("http://sws.geonames.org/6295630/")
_SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
_ADMS_PUBLISHER = "http://purl.org/adms/publishertype/"
_ADMS_LICENCE = "http://purl.org/adms/licencetype/"

PUBLISHER_TYPES: dict[str, str] = {
    "Academia-ScientificOrganisation": "Academia/Scientific organisation",
    "Company": "Company",
    "IndustryConsortium": "Industry consortium",
    "LocalAuthority": "Local authority",
    "NationalAuthority": "National authority",
    "NonGovernmentalOrganisation": "Non-governmental organisation",
    "NonProfitOrganisation": "Non-profit organisation",
    "PrivateIndividual(s)": "Private individual(s)",
    "RegionalAuthority": "Regional authority",
    "StandardisationBody": "Standardisation body",
    "SupraNationalAuthority": "Supra-national authority",
}
"""The ADMS publisher types (``dct:type`` of a publisher): code -> English label."""

# licence -> (title, ADMS licence type, its label)
_LICENCES = {
    CC_BY_4: ("Creative Commons Attribution 4.0 International", "Attribution", "Attribution"),
    "https://creativecommons.org/licenses/by-sa/4.0/": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "ViralEffect-ShareAlike", "Viral effect (a.k.a. Share-alike)"),
    "https://creativecommons.org/publicdomain/zero/1.0/": (
        "CC0 1.0 Universal", "PublicDomain", "Public domain"),
}

# mosgraph format name -> (label, IANA media type, EU file type). GraphML, GEXF and
# Cytoscape.js have no IANA registration: their registered parent type is given instead.
_DCAT_FORMATS = {
    "turtle": ("Turtle", "text/turtle", "RDF_TURTLE"),
    "ntriples": ("N-Triples", "application/n-triples", "RDF_N_TRIPLES"),
    "nquads": ("N-Quads", "application/n-quads", "RDF_N_QUADS"),
    "trig": ("TriG", "application/trig", "RDF_TRIG"),
    "rdfxml": ("RDF/XML", "application/rdf+xml", "RDF_XML"),
    "jsonld": ("JSON-LD", "application/ld+json", "JSON_LD"),
    "graphml": ("GraphML", "application/xml", "XML"),
    "gexf": ("GEXF", "application/xml", "XML"),
    "cytoscape": ("Cytoscape.js JSON", "application/json", "JSON"),
    "csv": ("CSV", "text/csv", "CSV"),
}

# the ADMS publisher type of an organiser found in the graph, from its class
_ORGANISER_TYPES = (
    (MOS.NationalStatisticalOffice, "NationalAuthority"),
    (MOS.InternationalOrganisation, "SupraNationalAuthority"),
    (ORG.OrganizationalCollaboration, "SupraNationalAuthority"),  # e.g. HLG-MOS (UNECE)
)

_KEYWORDS = ("official statistics", "meeting reports", "attendance", "decisions",
             "knowledge graph", "linked data")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the catalogue and answers questions about it.

    ``kind`` is an ADMS publisher type code (a key of :data:`PUBLISHER_TYPES`) or ``None``;
    ``email``, if given, becomes the contact point's ``vcard:hasEmail``.
    """

    name: str
    kind: str | None = None
    email: str | None = None


DEFAULT_PUBLISHER = Publisher("The mosgraph team", "NonProfitOrganisation")


@dataclass(frozen=True)
class Catalog:
    """The three descriptions of one graph; ``dataset`` is the IRI of its ``dcat:Dataset``."""

    dcat: Graph
    void: Graph
    schema_org: dict[str, Any]
    dataset: URIRef

    def schema_org_json(self) -> str:
        """The schema.org ``Dataset`` as indented JSON-LD text (ends with a newline)."""
        return json.dumps(self.schema_org, indent=2, ensure_ascii=False) + "\n"

    def html(self) -> str:
        """The schema.org ``Dataset`` in a ``<script type="application/ld+json">`` block."""
        body = self.schema_org_json().replace("</", "<\\/")  # cannot close the script early
        return f'<script type="application/ld+json">\n{body}</script>\n'


@dataclass(frozen=True)
class _File:
    path: Path
    name: str
    format: Format
    size: int
    sha256: str


def describe(
    graph: Graph,
    *,
    base_url: str,
    distributions: Iterable[str | os.PathLike[str]] = (),
    endpoint: str | None = None,
    issued: dt.date | str | None = None,
    modified: dt.date | str | None = None,
    publisher: Publisher = DEFAULT_PUBLISHER,
    license: str = CC_BY_4,
    statistics: Statistics | None = None,
) -> Catalog:
    """Describe ``graph`` and the files it is published as (see the module docstring).

    ``distributions`` are files of the graph (any format :mod:`mosgraph.formats` knows) to
    be served under ``base_url``; ``endpoint`` is the URL of a SPARQL endpoint serving it.
    ``issued`` defaults to the date of the first meeting in the graph and ``modified`` to
    the later of ``issued`` and the last meeting. ``statistics`` are the VoID counts of the
    whole graph when ``graph`` holds only what the record needs (its meetings, their
    organisers, its reports: see :mod:`mosgraph.serve`). Raises
    :class:`~mosgraph.errors.UsageError` for a bad URL, date or e-mail address and
    :class:`~mosgraph.errors.InputError` for a distribution file that is not there.
    """
    base = _url(base_url, "base URL", query=False)
    base = base if base.endswith("/") else base + "/"
    if endpoint is not None:
        endpoint = _url(endpoint, "endpoint URL")
    license = _url(license, "licence URL")
    if publisher.kind is not None and publisher.kind not in PUBLISHER_TYPES:
        raise UsageError(f"unknown publisher type '{publisher.kind}': expected one of "
                         f"{', '.join(PUBLISHER_TYPES)}")
    if publisher.email is not None and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+",
                                                        publisher.email):
        raise UsageError(f"contact e-mail address '{publisher.email}' is not like "
                         "name@example.org")
    files = [_file(path) for path in distributions]
    seen: dict[str, str] = {}
    for file in files:
        other = seen.setdefault(slug(file.name), file.name)
        if other != file.name or [f.name for f in files].count(file.name) > 1:
            raise UsageError(f"two distributions are named '{file.name}'"
                             f"{f' and {other!r}' if other != file.name else ''}: their IRIs "
                             "would be the same")

    meetings = _meetings(graph)
    dates = sorted(date for _, date in meetings)
    first = _date(issued, "issued") if issued is not None else (dates[0] if dates else None)
    if first is None:
        raise UsageError("the graph has no meeting dates: give the issue date (--issued)")
    last = _date(modified, "modified") if modified is not None else \
        max([first, *dates[-1:]])
    if last < first:
        raise UsageError(f"modified date {last} is before the issue date {first}")

    record = _Record(graph, base, publisher, license, first, last, dates, files, endpoint)
    dcat = record.build()
    dumps = [record.download_url(f) for f in files if f.format.is_rdf]
    void = describe_void(graph, record.dataset, title=record.title, dumps=dumps,
                         sparql_endpoint=endpoint, stats=statistics)
    return Catalog(dcat, void, record.schema_org(), record.dataset)


def companion_paths(path: str | os.PathLike[str]) -> tuple[Path, Path, Path]:
    """Where :func:`write_catalog` writes: the record, ``STEM.void.EXT``, ``STEM.schema.jsonld``."""
    path = Path(path)
    return (path, path.with_name(f"{path.stem}.void{path.suffix}"),
            path.with_name(f"{path.stem}.schema.jsonld"))


def write_catalog(catalog: Catalog, path: str | os.PathLike[str], *,
                  force: bool = False) -> tuple[Path, Path, Path]:
    """Write the DCAT record to ``path`` (RDF format from its extension), the VoID
    description beside it in the same format, and the schema.org JSON-LD; return the paths.

    Everything is serialised before anything is written, and each file is written to a
    temporary file renamed into place, so a failure leaves no partial output. The VoID and
    schema.org files replace a file of their name only if it holds the same bytes, or with
    ``force`` (see :mod:`mosgraph.output`).
    """
    paths = companion_paths(path)
    fmt = for_path(paths[0], rdf_only=True)
    contents = (serialize(catalog.dcat, fmt), serialize(catalog.void, fmt),
                catalog.schema_org_json().encode("utf-8"))
    write_files(dict(zip(paths, contents, strict=True)), named=paths[0], force=force)
    return paths


# --- checking input -----------------------------------------------------------------------


def _url(value: str, what: str, *, query: bool = True) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value) \
            or parts.fragment or (parts.query and not query):
        raise UsageError(f"{what} '{value}' is not an absolute http(s) URL "
                         "(like https://example.org/mosgraph/)")
    return value


def _date(value: dt.date | str, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} date '{value}' is not a date like 2021-01-29") from None


def _file(path: str | os.PathLike[str]) -> _File:
    path = Path(path)
    fmt = for_path(path)
    if not path.is_file():
        raise InputError("distribution file not found", file=str(path))
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 16), b""):
            digest.update(block)
    return _File(path, path.name, fmt, path.stat().st_size, digest.hexdigest())


# --- reading the graph ----------------------------------------------------------------------


def _meetings(graph: Graph) -> list[tuple[URIRef, dt.date]]:
    """The meetings of the graph (see :mod:`mosgraph.meetings`) and their dates, by date."""
    return [(m.iri, m.date) for m in dated(graph) if m.date is not None]


def _label(graph: Graph, node: URIRef, *, short: bool = False) -> str:
    """The shortest (``short``) or preferred name of ``node`` in ``graph``."""
    names = [str(o) for p in (SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name)
             for o in graph.objects(node, p)]
    if short:
        names += [str(o) for o in graph.objects(node, SKOS.altLabel)]
        return min(names, key=lambda n: (len(n), n)) if names else _tail(node)
    return names[0] if names else _tail(node)


def _tail(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


# --- the DCAT record --------------------------------------------------------------------------


class _Record:
    """Builds the DCAT graph and the schema.org dict of one description."""

    def __init__(self, graph: Graph, base: str, publisher: Publisher, license: str,
                 issued: dt.date, modified: dt.date, dates: list[dt.date], files: list[_File],
                 endpoint: str | None) -> None:
        self.source, self.base, self.publisher_info = graph, base, publisher
        self.license, self.issued, self.modified = URIRef(license), issued, modified
        self.dates, self.files, self.endpoint = dates, files, endpoint
        self.catalog = URIRef(base + "catalog")
        self.dataset = URIRef(base + "dataset")
        self.publisher = URIRef(base + "publisher")
        self.contact = URIRef(base + "contact")
        self.service = URIRef(base + "service")
        self.home = URIRef(base)
        meetings = _meetings(graph)
        organisers = {o for m, _ in meetings for o in graph.objects(m, SCHEMA.organizer)
                      if isinstance(o, URIRef)}
        self.organisers = sorted(organisers, key=str)
        self.bodies = sorted({_label(graph, o, short=True) for o in organisers})
        self.meeting_count = len(meetings)
        self.reports = sorted(r for r in graph.subjects(RDF.type, SCHEMA.Report)
                              if isinstance(r, URIRef))
        self.title = (f"mosgraph: {', '.join(self.bodies)} meeting reports as a knowledge graph"
                      if self.bodies else "mosgraph: meeting reports as a knowledge graph")
        self.g = Graph()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str) -> None:
        """Add a triple; a plain ``str`` object becomes an English literal."""
        obj = o if isinstance(o, URIRef | Literal) else Literal(o, lang="en")
        self.g.add((s, p, obj))

    def typed(self, iri: URIRef, *types: URIRef) -> URIRef:
        for rdf_type in types:
            self.g.add((iri, RDF.type, rdf_type))
        return iri

    def concept(self, iri: URIRef, label: str, scheme: URIRef | None = None) -> URIRef:
        self.typed(iri, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, label)
        if scheme is not None:
            self.add(iri, SKOS.inScheme, scheme)
        return iri

    def date(self, value: dt.date) -> Literal:
        return Literal(value.isoformat(), datatype=XSD.date)

    def download_url(self, file: _File) -> str:
        return self.base + quote(file.name)

    @property
    def description(self) -> str:
        bodies = " and ".join(self.bodies) if self.bodies else "official-statistics bodies"
        span = (f" ({self.dates[0]} to {self.dates[-1]})" if self.dates and
                self.dates[0] != self.dates[-1] else
                f" ({self.dates[0]})" if self.dates else "")
        reports = f"{len(self.reports)} report{'s' if len(self.reports) != 1 else ''}"
        meetings = f"{self.meeting_count} meeting{'s' if self.meeting_count != 1 else ''}"
        return (f"A knowledge graph of {meetings} of {bodies}{span}, built from {reports}: "
                "who attended and on whose behalf, who sent apologies, the bodies, groups "
                "and projects, the decisions taken, the points discussed and the figures "
                "reported. Every fact is traced to the span of report text it comes from "
                "with W3C Web Annotation selectors.")

    # --- parts ----------------------------------------------------------------------------

    def build(self) -> Graph:
        g = self.g
        for prefix, namespace in (("dcat", DCAT), ("dcatap", DCATAP), ("dcterms", DCTERMS),
                                  ("foaf", FOAF), ("prov", PROV), ("skos", SKOS),
                                  ("vcard", VCARD), ("spdx", SPDX), ("geo", GEO),
                                  ("xsd", XSD)):
            g.bind(prefix, namespace)
        self.shared()
        self.catalog_node()
        self.dataset_node()
        for report in self.reports:
            self.report_node(report)
        for file in self.files:
            self.distribution(file)
        if self.endpoint:
            self.data_service(self.endpoint)
        return g

    def shared(self) -> None:
        """The agent, contact, licence, theme, language and place that nodes share."""
        info = self.publisher_info
        self.typed(self.publisher, FOAF.Agent)
        self.g.add((self.publisher, FOAF.name, Literal(info.name)))
        if info.kind:
            self.add(self.publisher, DCTERMS.type, self.concept(
                URIRef(_ADMS_PUBLISHER + info.kind), PUBLISHER_TYPES[info.kind]))
        self.typed(self.contact, VCARD.Kind)
        self.g.add((self.contact, VCARD.fn, Literal(info.name)))
        if info.email:
            self.add(self.contact, VCARD.hasEmail, URIRef("mailto:" + info.email))
        self.add(self.contact, VCARD.hasURL, self.home)
        self.typed(self.license, DCTERMS.LicenseDocument)
        known = _LICENCES.get(str(self.license))
        if known:
            self.add(self.license, DCTERMS.title, known[0])
            self.add(self.license, DCTERMS.type,
                     self.concept(URIRef(_ADMS_LICENCE + known[1]), known[2]))
        self.typed(_DATA_THEME, SKOS.ConceptScheme)
        self.add(_DATA_THEME, DCTERMS.title, "Data theme")
        self.concept(_GOVERNMENT, "Government and public sector", _DATA_THEME)
        self.typed(_ENGLISH, DCTERMS.LinguisticSystem)
        self.typed(_EARTH, DCTERMS.Location)
        self.add(_EARTH, RDFS.label, "Earth")
        self.add(_EARTH, DCAT.bbox, Literal(
            "POLYGON((-180 90,180 90,180 -90,-180 -90,-180 90))", datatype=GEO.wktLiteral))
        self.add(_EARTH, DCAT.centroid, Literal("POINT(0 0)", datatype=GEO.wktLiteral))
        self.typed(self.home, FOAF.Document)
        self.typed(ONTOLOGY_IRI, DCTERMS.Standard)
        self.add(ONTOLOGY_IRI, DCTERMS.title,
                 "mosgraph: a vocabulary for meetings of official-statistics bodies")

    def catalog_node(self) -> None:
        c = self.typed(self.catalog, DCAT.Catalog)
        self.add(c, DCTERMS.title, "mosgraph catalogue")
        self.add(c, DCTERMS.description,
                 "The knowledge graph mosgraph builds from meeting reports of "
                 "official-statistics bodies, and the files and services it is published as.")
        self.add(c, DCTERMS.publisher, self.publisher)
        self.add(c, DCTERMS.issued, self.date(self.issued))
        self.add(c, DCTERMS.modified, self.date(self.modified))
        self.add(c, DCTERMS.language, _ENGLISH)
        self.add(c, DCTERMS.license, self.license)
        self.add(c, DCTERMS.spatial, _EARTH)
        self.add(c, FOAF.homepage, self.home)
        self.add(c, DCAT.themeTaxonomy, _DATA_THEME)
        self.add(c, DCAT.dataset, self.dataset)
        if self.endpoint:
            self.add(c, DCAT.service, self.service)

    def dataset_node(self) -> None:
        d = self.typed(self.dataset, DCAT.Dataset)
        self.add(d, DCTERMS.title, self.title)
        self.add(d, DCTERMS.description, self.description)
        self.add(d, DCTERMS.publisher, self.publisher)
        self.add(d, DCAT.contactPoint, self.contact)
        self.add(d, DCTERMS.issued, self.date(self.issued))
        self.add(d, DCTERMS.modified, self.date(self.modified))
        self.add(d, DCTERMS.license, self.license)
        self.add(d, DCTERMS.language, _ENGLISH)
        self.add(d, DCTERMS.spatial, _EARTH)
        self.add(d, DCAT.theme, _GOVERNMENT)
        self.add(d, DCAT.landingPage, self.home)
        self.add(d, DCTERMS.conformsTo, ONTOLOGY_IRI)
        for keyword in (*self.bodies, *_KEYWORDS):
            self.add(d, DCAT.keyword, keyword)
        if self.dates:
            self.add(d, DCTERMS.temporal,
                     self.period(URIRef(f"{self.dataset}/temporal"), self.dates[0],
                                 self.dates[-1]))
        for report in self.reports:
            self.add(d, DCTERMS.source, report)
            self.add(d, PROV.wasDerivedFrom, report)
        for file in self.files:
            self.add(d, DCAT.distribution, self.distribution_iri(file))

    def period(self, iri: URIRef, start: dt.date, end: dt.date) -> URIRef:
        self.typed(iri, DCTERMS.PeriodOfTime)
        self.add(iri, DCAT.startDate, self.date(start))
        self.add(iri, DCAT.endDate, self.date(end))
        return iri

    def report_node(self, report: URIRef) -> None:
        """A source report, described as the (text) dataset the graph is derived from."""
        source = self.source
        identifier = source.value(report, DCTERMS.identifier)
        self.typed(report, DCAT.Dataset)
        self.add(report, DCTERMS.title, _label(source, report))
        name = f"the report {identifier}" if identifier else "a meeting report"
        self.add(report, DCTERMS.description,
                 f"The text of {name}, one of the sources the mosgraph graph is built from.")
        if identifier:
            self.g.add((report, DCTERMS.identifier, Literal(str(identifier))))
        self.add(report, DCTERMS.language, _ENGLISH)
        self.add(report, DCTERMS.spatial, _EARTH)
        self.add(report, DCAT.theme, _GOVERNMENT)
        self.add(report, DCAT.keyword, "meeting report")
        for meeting in sorted(m for m in source.objects(report, SCHEMA.about)
                              if isinstance(m, URIRef)):
            date = next((d for m, d in _meetings(source) if m == meeting), None)
            if date is not None:
                tail = slug(_tail(report))
                self.add(report, DCTERMS.temporal,
                         self.period(URIRef(f"{self.base}source/{tail}/temporal"), date, date))
            for organiser in sorted(o for o in source.objects(meeting, SCHEMA.organizer)
                                    if isinstance(o, URIRef)):
                self.add(report, DCTERMS.publisher, self.organiser(organiser))
                self.add(report, DCAT.keyword, _label(source, organiser, short=True))

    def organiser(self, organiser: URIRef) -> URIRef:
        self.typed(organiser, FOAF.Agent)
        self.g.set((organiser, FOAF.name, Literal(_label(self.source, organiser))))
        kind = next((code for rdf_class, code in _ORGANISER_TYPES
                     if (organiser, RDF.type, rdf_class) in self.source), None)
        if kind:
            self.g.set((organiser, DCTERMS.type, self.concept(
                URIRef(_ADMS_PUBLISHER + kind), PUBLISHER_TYPES[kind])))
        return organiser

    def distribution_iri(self, file: _File) -> URIRef:
        return URIRef(f"{self.base}distribution/{slug(file.name)}")

    def distribution(self, file: _File) -> None:
        label, media_type, file_type = _DCAT_FORMATS.get(
            file.format.name, (file.format.name, file.format.media_type, None))
        d = self.typed(self.distribution_iri(file), DCAT.Distribution)
        self.add(d, DCTERMS.title, file.name)
        self.add(d, DCTERMS.description, f"The graph in {label} ({file.name}).")
        url = URIRef(self.download_url(file))
        self.add(d, DCAT.accessURL, url)
        self.add(d, DCAT.downloadURL, url)
        self.add(d, DCAT.mediaType, self.typed(URIRef(_IANA + media_type), DCTERMS.MediaType))
        if file_type:
            self.add(d, DCTERMS.format,
                     self.typed(URIRef(_FILE_TYPE + file_type), DCTERMS.MediaTypeOrExtent))
        self.add(d, DCAT.byteSize, Literal(file.size, datatype=XSD.nonNegativeInteger))
        checksum = self.typed(URIRef(f"{d}/checksum"), SPDX.Checksum)
        self.add(checksum, SPDX.algorithm,
                 self.typed(SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm))
        self.add(checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary))
        self.add(d, SPDX.checksum, checksum)
        self.add(d, DCTERMS.license, self.license)
        self.add(d, DCATAP.availability, self.concept(_AVAILABLE, "available"))

    def data_service(self, endpoint: str) -> None:
        s = self.typed(self.service, DCAT.DataService)
        self.add(s, DCTERMS.title, "mosgraph SPARQL endpoint")
        self.add(s, DCTERMS.description,
                 f"A SPARQL 1.1 Protocol endpoint serving the dataset '{self.title}'.")
        self.add(s, DCAT.endpointURL, URIRef(endpoint))
        # a SPARQL endpoint describes itself (its service description) at its own URL
        self.add(s, DCAT.endpointDescription, URIRef(endpoint))
        self.add(s, DCAT.servesDataset, self.dataset)
        self.add(s, DCTERMS.license, self.license)
        self.add(s, DCTERMS.publisher, self.publisher)
        self.add(s, DCAT.contactPoint, self.contact)
        self.add(s, DCAT.theme, _GOVERNMENT)
        self.add(s, DCAT.keyword, "SPARQL")
        self.typed(_SPARQL_PROTOCOL, DCTERMS.Standard)
        self.add(_SPARQL_PROTOCOL, DCTERMS.title, "SPARQL 1.1 Protocol")
        self.add(s, DCTERMS.conformsTo, _SPARQL_PROTOCOL)

    # --- schema.org -------------------------------------------------------------------------

    def schema_org(self) -> dict[str, Any]:
        info = self.publisher_info
        agent: dict[str, Any] = {"@type": "Organization", "name": info.name}
        if info.email:
            agent["email"] = info.email
        data: dict[str, Any] = {
            "@context": str(SCHEMA),
            "@type": "Dataset",
            "@id": str(self.dataset),
            "name": self.title,
            "description": self.description,
            "url": str(self.home),
            "identifier": str(self.dataset),
            "license": str(self.license),
            "isAccessibleForFree": True,
            "creator": agent,
            "publisher": agent,
            "inLanguage": "en",
            "keywords": [*self.bodies, *_KEYWORDS],
            "datePublished": self.issued.isoformat(),
            "dateModified": self.modified.isoformat(),
        }
        if self.dates:
            data["temporalCoverage"] = f"{self.dates[0]}/{self.dates[-1]}"
        if self.reports:
            data["isBasedOn"] = [
                {"@type": "Report", "@id": str(r), "name": _label(self.source, r)}
                for r in self.reports
            ]
        if self.files:
            data["distribution"] = [
                {
                    "@type": "DataDownload",
                    "name": f.name,
                    "encodingFormat": f.format.media_type,
                    "contentUrl": self.download_url(f),
                    "contentSize": f"{f.size} B",
                    "sha256": f.sha256,
                }
                for f in self.files
            ]
        data["includedInDataCatalog"] = {
            "@type": "DataCatalog", "@id": str(self.catalog), "name": "mosgraph catalogue"}
        return data

