"""Our vocabulary as an rdflib namespace; a test checks it against ``ontology/mosgraph.ttl``.

>>> from mosgraph.vocab import MOS
>>> MOS.Attendance
rdflib.term.URIRef('https://w3id.org/mosgraph/ontology#Attendance')
>>> MOS.NoSuchTerm  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'NoSuchTerm' not in namespace
"""

from __future__ import annotations

from typing import ClassVar

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "DATA_PREFIXES",
    "DCAT",
    "DCATAP",
    "GEO",
    "MOS",
    "OA",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "QB",
    "RFC5147",
    "SCHEMA",
    "SPDX",
    "VCARD",
    "VOID",
    "WELL_KNOWN",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/mosgraph/ontology")
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")

# standard namespaces we use that rdflib has no constant for (or, for schema.org, only the
# http one, and for DCAT and VoID ones that are closed lists): declared here once
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
_MOS = "https://w3id.org/mosgraph/ontology#"

PREFIXES: dict[str, str] = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "mos": _MOS, "schema": str(SCHEMA), "org": str(ORG), "foaf": str(FOAF), "prov": str(PROV),
    "dcterms": str(DCTERMS), "oa": str(OA), "qb": str(QB), "dcat": str(DCAT), "void": str(VOID),
    "dcatap": str(DCATAP), "vcard": str(VCARD), "spdx": str(SPDX), "geo": str(GEO),
    "sh": str(SH),
}  # fmt: skip
"""Every namespace mosgraph names, by the one prefix it gives it (the table of the module)."""

DATA_PREFIXES: dict[str, str] = {p: PREFIXES[p] for p in (
    "mos", "schema", "org", "foaf", "prov", "dcterms", "skos", "oa", "qb")}
"""The prefixes of the built graph (the vocabularies the model uses), in the order bound."""

WELL_KNOWN: dict[str, str] = {p: PREFIXES[p] for p in (
    "rdf", "rdfs", "xsd", "owl", "skos", *DATA_PREFIXES)}
"""The prefixes a query may use without declaring them, and that tables and pages show IRIs
with, in the order tried."""


class MOS(DefinedNamespace):
    """The mosgraph ontology namespace (prefix ``mos``)."""

    _NS = Namespace(_MOS)
    _fail = True
    _extras: ClassVar[list[str]] = [
        "ParticipationStructure-bound",
        "ParticipationStructure-headcount",
        "ParticipationStructure-population",
        "ParticipationStructure-year",
    ]
    Activity: URIRef
    Apologies: URIRef
    Approximately: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Attendance: URIRef
    AttendanceStatusScheme: URIRef
    Board: URIRef
    BoundScheme: URIRef
    Chair: URIRef
    CoChair: URIRef
    Community: URIRef
    Completed: URIRef
    Conference: URIRef
    Consultation: URIRef
    Continuation: URIRef
    Continuing: URIRef
    Decision: URIRef
    DecisionKindScheme: URIRef
    DerivedMembership: URIRef
    Discontinuation: URIRef
    Discontinued: URIRef
    DiscussionPoint: URIRef
    EventKindScheme: URIRef
    Exactly: URIRef
    ExpertMeetingAttendees: URIRef
    FewerThan: URIRef
    Forum: URIRef
    Group: URIRef
    GroupMembers: URIRef
    Hackathon: URIRef
    InternationalOrganisation: URIRef
    Leadership: URIRef
    Meeting: URIRef
    Member: URIRef
    Merge: URIRef
    MoreThan: URIRef
    NationalStatisticalOffice: URIRef
    Network: URIRef
    Observer: URIRef
    PandemicAffected: URIRef
    ParticipationStructure: URIRef
    PopulationScheme: URIRef
    Present: URIRef
    Project: URIRef
    Retreat: URIRef
    RoleScheme: URIRef
    RoundTable: URIRef
    Secretariat: URIRef
    Selected: URIRef
    Selection: URIRef
    Seminar: URIRef
    Session: URIRef
    Sprint: URIRef
    Staff: URIRef
    Statement: URIRef
    StatusAssessment: URIRef
    StatusScheme: URIRef
    Summit: URIRef
    Support: URIRef
    Symposium: URIRef
    ViceChair: URIRef
    Webinar: URIRef
    WorkProgramme: URIRef
    WorkProgrammeApproval: URIRef
    Workshop: URIRef
    atMeeting: URIRef
    attendanceStatus: URIRef
    attendee: URIRef
    bound: URIRef
    chairedBy: URIRef
    continuationOf: URIRef
    decisionKind: URIRef
    eventKind: URIRef
    forYear: URIRef
    hasStatus: URIRef
    headcount: URIRef
    keepsTiesWith: URIRef
    ledBy: URIRef
    listedUnder: URIRef
    listedWith: URIRef
    onBehalfOf: URIRef
    population: URIRef
    referenceYear: URIRef
    statedRole: URIRef
    status: URIRef
    supportedBy: URIRef
