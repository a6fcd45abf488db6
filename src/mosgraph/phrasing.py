"""What the sentences of a report say, in the ways authors write it (pure text: no names
resolved, no register, no curation).

:func:`clauses` finds in a sentence what it decides or states about pieces of work and
groups, each as a :class:`Clause`: the words naming what it is about (``subject``), the
year, the group merged with or into, what the work continues as, and who leads, supports or
keeps ties with it. The phrasings are those of many authors:

* selection: "were selected for 2021", "was approved for 2023", "will start in 2024", "were
  chosen as projects for 2022: A and B", "new projects for 2025 are A and B", "the Bureau
  approved the following reviews for 2024: - A; - B";
* completion: "was (successfully) completed", "has been finalised", "came to an end",
  "has concluded its work", "has finished its mandate";
* continuation: "will continue (in 2023 | as a community | its work)", "continues in 2025",
  "will carry on", "was extended", and "support for keeping X going";
* discontinuation: "will be closed", "was discontinued", "will be dissolved", "it was
  decided to discontinue X", "will cease to exist";
* merge, with its direction: "A will be merged with/into B", "A will be absorbed by B", "A
  and B will merge into (a new) C", "A will become part of B";
* leadership and support: "led by X", "will be (co-)led (jointly) by X and Y", "should be
  led by X with support from Y", "under the leadership of X", "chaired by X", "coordinated
  by X", "X will lead W", "X agreed/offered to lead W", "X will take the lead on W", "X will
  coordinate W", "with the support of Y", "supported by Y", "Y agreed to support it";
* approval of the work programme; work most affected by the pandemic.

An agent phrase ("led by X", "with support from Y") is about what the words just before it
name: the subject of its own clause ("The X project will be led by Y"), the group a merge
goes into ("merge into a new C, chaired by X"), or what the clause before it is about ("X
will continue in 2023, co-led by A and B").

>>> [(c.kind, c.subject, c.year) for c in clauses(
...     "The Blockchain project and the Data Integration project were selected for 2020.")]
[('selection', 'The Blockchain project and the Data Integration project', 2020)]
>>> [(c.kind, c.subject, c.leaders, c.supporters) for c in clauses(
...     "Participants agreed that the Blockchain project should be led by Statistics Finland "
...     "with support from INSEE.")]
[('leadership', 'the Blockchain project', ('Statistics Finland',), ('INSEE',))]
>>> [(c.kind, c.other, c.into_other, c.leaders) for c in clauses(
...     "The Supporting Standards Group and the Sharing Tools Group will merge into a new "
...     "Standards and Tools Group, chaired by Istat.")]
[('merge', 'Standards and Tools Group', True, ()), ('leadership', None, False, ('Istat',))]

:func:`figures` finds the figures of a sentence: a number with its bound, and the words
of what it counts; :func:`speaker` finds who said the quoted words of a paragraph.

>>> [(f.found.number, f.found.bound, f.population, f.year)
...  for f in figures("There were over 150 participants from 40 countries in 2019.")]
[(150, 'more-than', 'participants', 2019), (40, 'exactly', 'countries', 2019)]
>>> speaker("The Chair, Anil Arora, concluded that **it works**.")
('Anil Arora', 'The Chair, Anil Arora, concluded that', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .figures import Found, named_population, numbers

__all__ = ["Clause", "SaidFigure", "clauses", "figures", "is_pronoun", "speaker"]

_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
# auxiliaries of the passive ("will be", "is to be", "has been", "was") and an adverb
_BE = (r"(?:(?:will|shall|should|would|must|may|might|can|could)\s+(?:\w+ly\s+|also\s+|now\s+)?"
       r"be|(?:is|are)\s+(?:also\s+|now\s+)?to\s+be|(?:has|have|had)\s+(?:\w+ly\s+|also\s+|now\s+"
       r"|already\s+|just\s+)?been|is|are|was|were|be)")
_ADV = r"(?:(?:\w+ly|also|now|then|already|just|thus|still|both|all|each)\s+)?"
# a name of an organisation: capitalised words, with the small words that join them, and an
# abbreviation in brackets ("Statistics Mexico (INEGI)")
_CAP = r"(?-i:[A-Z\u00c0-\u00de\u0370-\u03ff\u0400-\u042f][\w'\u2019.&-]*)"
# (repetitions are bounded, so that a long run of capitalised words costs little)
_AGENT = (rf"(?:the\s+)?{_CAP}(?:\s+(?:(?:of|for|on|and|the|de|du|des|della|&)\s+){{0,3}}"
          rf"{_CAP}){{0,9}}(?:\s*\({_CAP}\))?")
_AND = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+(?:together|jointly|along)\s+with\s+)"
_AGENTS = rf"(?P<agents>(?<![\w'\u2019.&-]){_AGENT}(?:{_AND}{_AGENT}){{0,7}})"
# a name of work or a group after a verb: up to punctuation or the words that end it
_OBJECT = (r"(?P<object>(?!(?:for|in|to|by|with|at|on|from|of|as)\b)(?:the\s+)?[^\s,;.:()]"
           r"[^,;.:()]*?)(?=\s*(?:[,;.:()]|$|\s+(?:for|in|from|with|under|until|by|as\s+of"
           r"|will|would|shall|should|is|are|was|were|has|have|and\s+(?:will|to|has|is|was|with"
           r"|the\s+\w+\s+will)|which|that|into|together)\b))")
_OTHER = _OBJECT.replace("?P<object>", "?P<other>")
_LIST = (r"(?:(?:\s*[:\u2014\u2013]|\s*,?\s+(?:namely|i\.e\.|that\s+is))\s*(?P<list>.+?)\s*"
         r"(?:[.;]\s*)?$)?")
_NEW = r"(?:(?:an?|the)\s+(?P<new>new\s+|single\s+|joint\s+)?)?"
_WORKS = (r"(?:projects?|activit(?:y|ies)|work\s+items?|priorit(?:y|ies)|reviews?|topics?"
          r"|proposals?|studies|pilots?|initiatives?)")

_PREDICATES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I | re.S)) for kind, pattern in (
        # selection
        ("selection", rf"\b{_BE}\s+{_ADV}(?:selected|approved|chosen|accepted|adopted|endorsed"
                      r"|agreed|included|launched|retained|confirmed|started|initiated|set\s+up"
                      r"|established|created|formed)"
                      r"(?:\s+(?:as|to\s+be)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:[\w-]+\s+)?"
                      rf"{_WORKS})?\s+(?:for|in|from|starting\s+in|to\s+start\s+in)\s+"
                      rf"(?:the\s+year\s+)?{_YEAR}{_LIST}"),
        ("selection", r"\b(?:(?:will|would|shall|should|is\s+to|are\s+to)\s+(?:\w+ly\s+)?"
                      r"|\bbe\s+)(?:start|begin|commence|be\s+launched|be\s+started"
                      r"|be\s+carried\s+out|launched|started|carried\s+out|run|get\s+under\s*way)"
                      rf"\s+(?:in|from|during)\s+(?:the\s+year\s+)?{_YEAR}{_LIST}"),
        ("selection", rf"\b(?:(?:the\s+)?(?:new\s+|following\s+)?{_WORKS}\s+(?:(?:selected"
                      r"|approved|chosen|agreed)\s+)?(?:for|in)\s+"
                      rf"(?:the\s+year\s+)?{_YEAR}\s+(?:are|is|were|will\s+be|include)\s*:?\s*"
                      r"(?P<list>.+?))\s*(?:[.;]\s*)?$"),
        ("selection", r"\b(?:selected|approved|chose|chosen|adopted|endorsed|agreed(?:\s+on)?"
                      r"|accepted|launched)\s+(?:the\s+following|(?:[\w-]+\s+){0,3}?"
                      rf"{_WORKS})\s+(?:[\w-]+\s+){{0,3}}?(?:for\s+{_YEAR}\s*)?"
                      r"[:\u2014\u2013]\s*(?P<list>.+?)\s*(?:[.;]\s*)?$"),
        ("selection", r"\b(?:selected|approved|chose|adopted|endorsed|accepted|select|approve"
                      r"|adopt|endorse|launch|launched|start|started|begin|initiate|set\s+up)\s+"
                      rf"{_OBJECT}\s+(?:for|in|from)\s+(?:the\s+year\s+)?{_YEAR}"),
        # approval of the work programme (before completion: "was approved")
        ("programme", r"\b(?:general\s+support\s+for|approv(?:ed|al\s+of)|adopt(?:ed|ion\s+of)"
                      r"|endorse(?:d|ment\s+of)|agreed(?:\s+on)?)\s+the\s+(?:[\w-]+\s+)?work\s+"
                      rf"programme(?:\s+(?:for|of)\s+{_YEAR})?"),
        ("programme", rf"\bwork\s+programme(?:\s+(?:for|of)\s+{_YEAR})?\s+{_BE}\s+{_ADV}"
                      r"(?:approved|adopted|endorsed|agreed)"),
        # completion
        ("completion", rf"\b{_BE}\s+{_ADV}(?:completed|finished|finali[sz]ed|concluded"
                       r"|accomplished|wrapped\s+up)\b(?:\s+successfully)?"),
        ("completion", r"\b(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:completed|finished|concluded"
                       r"|ended|fulfilled|wrapped\s+up|closed|delivered)\s+(?:its|their)\s+"
                       r"(?:work|mandate|activities|tasks?|final\s+\w+)"),
        ("completion", r"\b(?:came|has\s+come|have\s+come|had\s+come|comes)\s+to\s+an?\s+"
                       r"(?:successful\s+)?(?:end|close)\b"),
        ("completion", r"\b(?:is|are)\s+(?:now\s+)?(?:complete|completed|finished|over)\b"),
        ("completion", r"\b(?:will|would|is\s+to|are\s+to)\s+(?:\w+ly\s+)?(?:end|finish|conclude"
                       r"|come\s+to\s+an\s+end)\b(?!\s+(?:with|up)\b)"),
        # continuation
        ("continuation", r"\bwill\s+(?:\w+ly\s+|also\s+)?continue\s+(?:(?:its|their)\s+work"
                         r"\s+|in\s+(?:19|20)\d{2}\s+)?as\s+(?:an?\s+)(?P<form>(?:[\w-]+\s+)?"
                         r"(?:community|network|group|activity|task\s+team|task\s+force|team"
                         r"|project|programme|hub|initiative))\b"),
        ("continuation", r"\b(?:(?:will|shall|should|would|is\s+to|are\s+to)\s+"
                         r"(?:\w+ly\s+|also\s+)?(?:continue|carry\s+on|go\s+on|(?:remain|stay)\s+(?:active"
                         r"|open|in\s+place|operational|in\s+operation|in\s+use|available"
                         r"|running)|be\s+kept\s+(?:up\s+to\s+date|running|alive|going|open)"
                         r"|be\s+continued|be\s+extended|be\s+prolonged|be\s+renewed"
                         r"|be\s+maintained|keep\s+(?:going|running))|continues|was\s+extended"
                         r"|were\s+extended|has\s+been\s+extended|have\s+been\s+extended"
                         r"|is\s+extended)"
                         r"(?!\s+to\s+(?!(?:work|run|operate|exist|meet|be\s+\w+ed)\b))(?!\s+as\b)"
                         r"(?:\s+to\s+(?:work|run|operate|exist|meet|be\s+\w+ed))?"
                         r"(?:\s+(?:its|their)\s+(?:work|activities))?(?:\s+(?:in|into|for|during"
                         rf"|throughout)\s+(?:the\s+year\s+)?{_YEAR})?"
                         rf"(?:\s+(?:jointly\s+)?by\s+{_AGENTS})?"),
        ("support", r"\bsupport\s+for\s+(?:keeping|continuing|maintaining|pursuing|sustaining)\s+"
                    r"(?P<object>(?:the\s+)?[^,;.]+?)\s+(?:going|alive|running|active)?"
                    r"(?=\s*(?:under|with|and\s+with|[,;.]|$))"),
        # discontinuation
        ("discontinuation", rf"\b{_BE}\s+{_ADV}(?:closed|discontinued|dissolved|disbanded"
                            r"|terminated|abolished|stopped|wound\s+(?:up|down)|phased\s+out"
                            r"|shut\s+down|retired|sunset|cancell?ed)\b"
                            r"(?!\s+(?:successfully|on\s+time))"),
        ("discontinuation", r"\b(?:decided|agreed|decides|agree|resolved|proposed|decision)?\s*"
                            r"\bto\s+(?:discontinue|close|dissolve|disband|terminate|abolish|stop"
                            rf"|end|wind\s+(?:up|down)|phase\s+out|shut\s+down|cancel)\s+{_OBJECT}"),
        ("discontinuation", r"\bwill\s+(?:cease\s+(?:to\s+exist|its\s+work|operations)|no\s+"
                            r"longer\s+(?:be\s+)?(?:supported|funded|continued|maintained|exist)"
                            r"|not\s+(?:continue|be\s+continued|be\s+renewed|be\s+extended))\b"),
        # merge
        ("merge", rf"\b{_BE}\s+{_ADV}(?:merged|combined|amalgamated|fused|integrated|incorporated"
                  rf"|absorbed|folded|subsumed)\s+(?P<how>with|into|in|by)\s+{_NEW}{_OTHER}"),
        ("merge", r"\b(?:(?:will|shall|should|are\s+to|is\s+to|have|has|had|would)\s+)?"
                  r"(?:(?:agreed|decided)\s+to\s+)?(?:merge|merged|combine|combined)\s*,?\s+"
                  r"(?P<how>with|into|to\s+form|to\s+create|to\s+become|as|forming|creating)\s+"
                  rf"{_NEW}{_OTHER}"),
        ("merge", r"\b(?:to\s+)?(?:fold|merge|integrate|absorb|incorporate|combine|move)\s+"
                  rf"{_OBJECT}\s+(?P<how>into|with)\s+{_NEW}{_OTHER}"),
        ("merge", r"\b(?:will|shall|should|is\s+to|are\s+to)\s+become\s+(?P<how>part)\s+of\s+"
                  rf"{_OTHER}"),
        ("merge", rf"\b{_BE}\s+{_ADV}(?:merged|combined|amalgamated|brought\s+together"
                  r"|joined\s+together|united)(?:\s+(?:as|into)\s+(?:one|a\s+single)\s+[\w-]+)?"
                  r"(?:\s*,\s*(?:to\s+be\s+)?(?P<how>named|called|known\s+as)\s+"
                  rf"{_NEW}{_OTHER}|(?=\s*(?:[.;,]|$)))"),
        # leadership, support, ties: passive agent phrases
        ("leadership", rf"{_ADV}\b(?:co-?led|led|chaired|co-?chaired|coordinated"
                       r"|co-?ordinated|headed|steered|managed|convened|run|maintained|operated"
                       r"|carried\s+out|conducted|undertaken|kept\s+up\s+to\s+date|updated)\s+"
                       r"(?:jointly\s+|together\s+)?by\s+"
                       rf"{_AGENTS}"),
        ("leadership", r"\bunder\s+the\s+(?:joint\s+)?(?:leadership|lead|coordination"
                       rf"|chairmanship|chair|guidance|stewardship)\s+of\s+{_AGENTS}"),
        ("leadership", r"\b(?:leadership|the\s+lead|coordination|responsibility)\s+(?:of|for)\s+"
                       rf"{_OBJECT}\s+{_BE}\s+(?:\w+ly\s+)?(?:entrusted|given|assigned|handed"
                       rf"(?:\s+over)?|transferred)\s+to\s+{_AGENTS}"),
        ("supporters", r"(?:\bwith\s+(?:the\s+)?(?:kind\s+|active\s+|strong\s+)?(?:support|help"
                       r"|assistance|contributions?)\s+(?:from|of|by)\s+|\b(?:supported|assisted"
                       rf"|helped|hosted|funded|sponsored)\s+by\s+){_AGENTS}"),
        ("supporters", rf"\bwith\s+{_AGENTS}\s+(?:providing|giving|offering|lending)\s+"
                       r"(?:its\s+|their\s+)?(?:support|help|assistance)"),
        ("supporters", rf"\bwith\s+{_AGENTS}\s+as\s+(?:an?\s+)?(?:partners?|supporters?"
                       r"|contributors?)\b"),
        ("ties", rf"\bkeep\s+(?:close\s+)?(?:ties|links|contact)\s+with\s+{_AGENTS}"),
        # leadership and support: the agents act (on the work named, or on the last one)
        ("leads", rf"{_AGENTS}\s+(?:(?:will|would|shall|is\s+to|has|have|had|is\s+going\s+to)\s+)?"
                  r"(?:(?:also|kindly|gladly|\w+ly)\s+)?(?:(?:agreed|agrees|offered|offers"
                  r"|volunteered|accepted|committed|undertook|confirmed|decided)\s+to\s+)?"
                  r"(?P<verb>(?-i:lead|co-lead|leads|co-?ordinate|co-?ordinates|chair|chairs"
                  r"|co-chair|co-chairs|head|heads|take\s+(?:the\s+)?(?:over\s+)?"
                  r"(?:lead(?:ership)?|responsibility)\s+(?:on|of|for|in)|support|supports|assist"
                  rf"|help\s+with|contribute\s+to))(?:\s+{_OBJECT}(?:\s+(?:together\s+|jointly\s+)?"
                  rf"with\s+(?P<partners>{_AGENT}(?:{_AND}{_AGENT}){{0,7}}))?|(?=\s*[.;]?\s*$))"),
        # the pandemic
        ("affected", r"\b(?:was|were)\s+(?:the\s+)?most\s+affected\b"),
    )
)
_AGENT_KINDS = ("leadership", "supporters", "ties")

# what a subject is cut down to: after "agreed that", without a leading adverbial phrase
# or connective, without a parenthetical clause
_THAT = re.compile(r".*\b(?:that|whether)\s+|.*:\s+", re.I | re.S)
_LEADING = re.compile(
    r"^(?:(?:and|but|while|whereas|so|also|then|thus|furthermore|moreover|however|finally"
    r"|overall|lastly|first(?:ly)?|second(?:ly)?|third(?:ly)?|in\s+addition|as\s+planned"
    r"|as\s+a\s+result|in\s+particular|in\s+summary|meanwhile|similarly|likewise)\b[\s,]*"
    r"|(?:in|during|at|by|after|since|for|from|as|following|on|with)\s+[^,]{1,40},\s*)+",
    re.I)
_PARENTHETICAL = re.compile(
    r",\s*(?:which|who|that|led|coordinated|chaired|launched|started|set\s+up|established"
    r"|created|as|like|including|with|now|then|in|\w+(?:ed|en)\s+(?:out\s+)?by)\b[^,]*,", re.I)
_AUXILIARY = re.compile(r"\s+(?:will|shall|would|should|is|are|was|were|has|have|had|can|could"
                        r"|may|might|must)(?:\s+.*)?$", re.I | re.S)
_PAST = re.compile(r"^(?:was|were|had|has\s+been|have\s+been)\b", re.I)
_CONNECTOR = re.compile(r"^[\s,;]*(?:(?:and|but|while|then|also|so|or)\b[\s,]*)*"
                        r"(?:(?:will|would|shall|should|is|are|was|were|has|have)\s+(?:also\s+)?"
                        r"(?:(?:to\s+)?be\s+|been\s+)?)?$", re.I)
_PRONOUN = re.compile(r"(?:it|them|this|these|this\s+work|the\s+work|this\s+project|that\s+work"
                      r"|the\s+project|the\s+activity|the\s+group|the\s+former|the\s+latter)$",
                      re.I)


@dataclass(frozen=True)
class Clause:
    """What one part of a sentence says about a piece of work or a group.

    ``kind``: selection, completion, continuation, discontinuation, merge, support,
    programme, affected; or leadership (who leads and supports ``subject``, which decides
    nothing else). ``subject``: the words naming what it is about (a list maybe; "it" for a
    pronoun). ``other``: for a merge, the group merged with or into (``into_other``: the
    others go into it; False: no direction given). ``form``: what a continued work becomes
    ("community"). ``leaders``, ``supporters``, ``ties``: names as written.
    """

    kind: str
    subject: str
    start: int
    end: int
    year: int | None = None
    other: str | None = None
    into_other: bool = False
    new: bool = False  # the group merged into is a new one
    form: str | None = None
    leaders: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()
    ties: tuple[str, ...] = ()
    past_background: bool = False  # "X, which was launched in 2022, ...": not news

    @property
    def target(self) -> str:
        """What an agent phrase just after this clause is about."""
        return self.other if self.kind == "merge" and self.other else self.subject


def clauses(sentence: str) -> list[Clause]:
    """The clauses of ``sentence`` (one sentence, spaces normalised), in order."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PREDICATES:
        for match in pattern.finditer(sentence):
            found.append((match.start(), -match.end(), kind, match))
    found.sort(key=lambda f: (f[0], f[1]))
    kept: list[tuple[str, re.Match[str]]] = []
    end = 0
    for start, _, kind, match in found:
        if start >= end:
            kept.append((kind, match))
            end = match.end()
    result: list[Clause] = []
    boundary = 0
    for kind, match in kept:
        clause = _clause(kind, match, sentence[boundary:match.start()], result)
        boundary = match.end()
        if clause is None:
            continue
        previous = result[-1] if result else None
        if kind in _AGENT_KINDS and previous is not None and previous.kind != "merge" and \
                clause.subject == previous.target:
            result[-1] = replace(previous, end=clause.end,  # one clause with every agent
                                 leaders=previous.leaders + clause.leaders,
                                 supporters=previous.supporters + clause.supporters,
                                 ties=previous.ties + clause.ties)
            continue
        result.append(clause)
    return [c for c in result if not c.past_background]


def _clause(kind: str, match: re.Match[str], before: str,
            earlier: list[Clause]) -> Clause | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    agents = (_tidy(groups["agents"]),) if groups.get("agents") else ()
    previous = earlier[-1] if earlier else None
    stripped = before.strip()
    relative = re.search(r"(?:^|,|\s)(?:which|who)$", stripped, re.I) is not None
    if groups.get("list"):
        subject = groups["list"]
    elif kind == "leads":
        subject = groups.get("object") or "it"  # "A and B will support."
    elif groups.get("object") and kind in ("selection", "discontinuation", "support", "merge",
                                           "leadership"):
        subject = groups["object"]
    elif relative:  # "the X activity, which continues in 2025"
        head = re.sub(r"(?:,\s*|\s+|^)(?:which|who)$", "", stripped, flags=re.I).strip(" ,")
        subject = _last_name(head) if head else (previous.target if previous else "")
    elif _CONNECTOR.fullmatch(before):  # "X was completed and will continue ..."
        subject = "" if previous is None else \
            previous.target if kind in _AGENT_KINDS else previous.subject
    else:
        subject = _subject(before)
    if not subject:
        return None
    base = Clause(kind, subject.strip(), match.start(), match.end(), year,
                  past_background=relative and bool(_PAST.match(match.group())))
    if kind == "merge":
        how = (groups.get("how") or "").lower()
        return replace(base, other=groups.get("other"), into_other=bool(how),
                       new=bool(groups.get("new")))
    if kind == "continuation":  # "will be maintained by UNECE": who leads it
        return replace(base, form=" ".join(groups["form"].split()).lower()
                       if groups.get("form") else None, leaders=agents)
    if kind == "leads":
        verb = groups["verb"].lower()
        if verb.startswith(("support", "assist", "help", "contribute")):
            return replace(base, kind="leadership", supporters=agents)
        partners = (_tidy(groups["partners"]),) if groups.get("partners") else ()
        return replace(base, kind="leadership", leaders=agents + partners)
    if kind == "leadership":
        return replace(base, leaders=agents)
    if kind == "supporters":
        return replace(base, kind="leadership", supporters=agents)
    if kind == "ties":
        return replace(base, kind="leadership", ties=agents)
    return base


def _tidy(names: str) -> str:
    """Names as written, spaces normalised, without the full stop that ends a sentence (but
    with that of an abbreviation: "U.S.")."""
    text = " ".join(names.split())
    return text if re.search(r"\b\w\.\w\.$", text) else text.rstrip(".")


def _last_name(text: str) -> str:
    """The name that ends ``text``: from its last article ("... overseeing the Code of
    Practice activity"), or its last run of capitalised words."""
    found = re.match(r".*\b((?:the|a|an)\s+[^,;:]+)$", text, re.I | re.S)
    if found:
        return found.group(1)
    words = re.search(rf"{_CAP}(?:\s+(?:(?:of|for|on|and|the)\s+)*{_CAP})*\s*[\w-]*$", text)
    return words.group() if words else text


def _subject(before: str) -> str:
    """The subject of a clause from the words before its verb."""
    text = before.strip()
    text = _THAT.sub("", text)
    for _ in range(3):
        text = _PARENTHETICAL.sub("", text)
    text = _LEADING.sub("", text.strip(" ,;"))
    text = re.sub(r"(?:,\s*|\s+)(?:which|who|that)\s*$", "", text, flags=re.I)
    text = _AUXILIARY.sub("", text)  # "X will no longer be supported and": X
    return text.strip(" ,;:")


def is_pronoun(words: str) -> bool:
    """Whether ``words`` refer back to something named before ("it", "this work")."""
    return bool(_PRONOUN.fullmatch(" ".join(words.split())))


# --- figures ------------------------------------------------------------------------------

_NOT_COUNTED = re.compile(
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)"
    r"|mornings?|afternoons?|evenings?|nights?|weekends?|quarters?|times|percent|per|%"
    r"|euros?|dollars?|pounds|francs|km|kilometres?|st|nd|rd|th|and|or|to|of)$", re.I)
_BEFORE_NUMBER = re.compile(
    r"(?:\b(?:the|these|those|its|their|our|all|annex|section|item|page|chapter|figure"
    r"|table|paragraph|point|version|no|number|phase|round|wave|step|top)\s*)$", re.I)
_STOP = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "do", "does", "did", "who",
    "which", "that", "whom", "whose", "where", "when", "while", "but", "or", "nor", "so",
    "than", "then", "this", "these", "those", "it", "its", "their", "there", "here", "took",
    "take", "takes", "attended", "joined", "participated", "followed", "registered",
    "contributed", "attracted", "came", "said", "reported", "gave", "made", "now", "each",
    "per", "a", "an", "the", "up", "down", "not", "also", "only", "both",
}
_PREPOSITIONS = {"in", "of", "at", "on", "from", "for", "to", "with", "by", "during", "across",
                 "over", "under", "between", "among", "around", "about", "into", "through",
                 "within", "without", "per", "via", "as", "like", "since", "until", "after",
                 "before"}
_COLLECTIVE = {"people", "staff", "personnel", "children", "men", "women", "persons",
               "delegates", "members", "participants", "experts", "attendees"}
_PLURAL = re.compile(r"[a-z\u00df-\u00ff]{2,}(?<!ss)(?<!us)(?<!is)s$", re.I)
_LOOK_BACK = 120  # characters before a number that say what it counts or that it is none
_LOOK_AHEAD = 200
_YEAR_MENTION = re.compile(r"\b(?:in|of|during|for|throughout)\s+(?:the\s+year\s+)?"
                           r"(?P<year>(?:19|20)\d{2})(?!\d)", re.I)
# what a number counts, written before it: "Participants: 52", "Registrations for the 2025
# webinars reached 1,850", "the number of participants was 52"
_COUNT_OF = re.compile(
    r"(?:^|[.;:]\s+|\bnumber\s+of\s+)(?P<words>(?-i:[A-Z]?)[a-z]+(?<!ss)s)\b(?:\s+(?:for|of|in|at|to)"
    r"\s+[^,;.:]{1,60}?)?\s*(?::|\s+(?:reached|totall?ed|numbered|stood\s+at|amounted\s+to"
    r"|rose\s+to|grew\s+to|increased\s+to|came\s+to|was|were))\s*(?:[\w ]{0,20}?)?$", re.I)
_SAME_AS_BEFORE = re.compile(r"(?:\b(?:up|down|rising|falling|increasing|decreasing|compared|"
                             r"growing|grew|rose|fell)\s+(?:from|with|to)|\bagainst|\bversus"
                             r"|\bvs\.?|\banother|\ba\s+further|\ban\s+additional)\s*$", re.I)


@dataclass(frozen=True)
class SaidFigure:
    """A figure of a sentence: the number with its bound (``found``, positions in the
    sentence), the words of what it counts as written (``population``; or the key of a
    population the ontology defines, ``named``), where those words end, and the year the
    sentence gives it (None: none given)."""

    found: Found
    population: str
    named: str | None
    end: int
    year: int | None


def figures(sentence: str) -> list[SaidFigure]:
    """The figures of ``sentence``: each number followed by what it counts."""
    said: list[SaidFigure] = []
    years = [(m.start(), m.end(), int(m["year"])) for m in _YEAR_MENTION.finditer(sentence)]
    for found in numbers(sentence):
        written = found.text.split()[-1]
        if re.fullmatch(r"(?:19|20)\d{2}", written) and found.bound == "exactly":
            continue  # a year
        back = max(0, found.start - _LOOK_BACK)  # what comes before: a few words only
        before_it = sentence[back:found.start]
        if written.lower() == "one" or _BEFORE_NUMBER.search(before_it):
            continue
        population, named, length = _population(sentence[found.end:found.end + _LOOK_AHEAD])
        start = found.start
        if not population:
            counted = _COUNT_OF.search(before_it)
            if counted is not None:  # "Participants: 52", "Registrations ... reached 1,850"
                population = counted["words"]
                named, length, start = named_population(population), 0, back + counted.start()
        if not population:
            if said and _SAME_AS_BEFORE.search(before_it):
                previous = said[-1]  # "up from about 1,900 in 2023": the same population
                population, named, length = previous.population, previous.named, 0
            else:
                continue
        said.append(SaidFigure(replace(found, start=start), population, named,
                               found.end + length, None))
    return [replace(f, year=_year_of(years, f)) for f in said]


def _population(rest: str) -> tuple[str, str | None, int]:
    """The words after a number that say what it counts, the ontology's population they
    name (if any), and how many characters they take."""
    named = re.match(r"\s+(?P<words>(?:in\s+attendance|participants?|attendees?|members?)"
                     r"(?:\s+[\w-]+){1,4})", rest, re.I)
    if named:
        words = named["words"].split()
        for size in range(len(words), 1, -1):
            key = named_population(" ".join(words[:size]))
            if key is not None:
                text = re.match(r"\s+" + r"\s+".join(map(re.escape, words[:size])), rest)
                assert text is not None
                return " ".join(words[:size]), key, text.end()
    tokens = list(re.finditer(r"[^\W\d_][\w'\u2019-]*|[^\w\s]|\d+", rest))
    phrase: list[re.Match[str]] = []
    for index, token in enumerate(tokens):
        word = token.group()
        lower = word.lower()
        gap = rest[(phrase[-1].end() if phrase else 0):token.start()]
        if gap.strip() or not word[0].isalpha() or len(phrase) >= 5:
            break
        if lower in _STOP or lower in _PREPOSITIONS:
            break
        if lower == "and":
            after = tokens[index + 1].group() if index + 1 < len(tokens) else ""
            if phrase and not _plural(phrase[-1].group()) and after[:1].isalpha():
                phrase.append(token)  # "national and international organisations"
                continue
            break
        if lower.endswith("ed") and phrase:
            break
        phrase.append(token)
        if _plural(word):
            break
    if not phrase or not _plural(phrase[-1].group()) or _NOT_COUNTED.match(phrase[-1].group()):
        return "", None, 0
    end = phrase[-1].end()
    extension = re.match(r"\s+(?P<prep>in|of|at|on)\s+(?P<words>(?!the\b|a\b|an\b)[^\W\d_][\w-]*"
                         r"(?:\s+[^\W\d_][\w-]*){0,2})", rest[end:], re.I)
    if extension and _plural(extension["words"].split()[-1]) and \
            not any(w.lower() in _STOP for w in extension["words"].split()):
        end += extension.end()
    words = " ".join(rest[:end].split())
    return words, named_population(words), end


def _plural(word: str) -> bool:
    return word.lower() in _COLLECTIVE or (bool(_PLURAL.fullmatch(word)) and \
        not _NOT_COUNTED.fullmatch(word))


def _year_of(years: list[tuple[int, int, int]], figure: SaidFigure) -> int | None:
    """The year a figure refers to: the first year named after it in the sentence, else
    the last one named before it (``years``: where the sentence names years, in order)."""
    after = next((year for start, _, year in years if start >= figure.end), None)
    if after is not None:
        return after
    before = [year for _, end, year in years if end <= figure.found.start]
    return before[-1] if before else None


# --- who said it ---------------------------------------------------------------------------

_SPEECH = (r"(?:concluded|said|noted|stressed|emphasi[sz]ed|underlined|added|remarked|observed"
           r"|thanked|closed|summari[sz]ed|stated|recalled|explained|highlighted|pointed\s+out"
           r"|reminded\s+\w+|declared|affirmed|insisted|commented|warned|argued|suggested"
           r"|concluded\s+the\s+\w+(?:\s+by\s+saying)?|put\s+it)")
_TITLE = r"(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Sir|Dame)\.?"
_NAME_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019.-]+"
_PERSON = rf"(?-i:(?<![\w'\u2019.-])(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})"
_SPEAKER = re.compile(
    r"(?P<who>(?:the\s+)?(?:chair(?:person)?|president|co-chair|vice-chair)(?:\s*,\s*"
    rf"(?P<name>{_PERSON})\s*,)?|(?P<named>{_PERSON})(?:\s*\([^()]*\)|\s+(?:of|from)\s+"
    rf"(?-i:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}))?(?:\s*,\s*[^,]{{3,60}},)?)"
    rf"(?:\s+\w+(?:\s+[^,.;\s]+){{0,5}}?\s+and)?"
    rf"(?:\s*,\s*who)?\s+{_SPEECH}(?:\s+that|\s*:|\s*,)?", re.I)
_ACCORDING = re.compile(rf"(?:according\s+to|in\s+the\s+words\s+of|as)\s+(?P<named>{_PERSON})"
                        r"(?:\s*\([^()]*\))?(?:\s+put\s+it)?\s*[,:]", re.I)


def speaker(paragraph: str) -> tuple[str | None, str, bool] | None:
    """Who said the quoted words of ``paragraph`` (spaces normalised): the name as written
    (None for "the Chair" not named), the words that say so, and whether the speaker is
    the chair. None if nothing before a quotation mark names a speaker."""
    marks = [paragraph.find(m) for m in ("**", "\u201c", '"', "\u00ab") if m in paragraph]
    if not marks:
        return None
    first = min(marks)
    for pattern in (_SPEAKER, _ACCORDING):
        for match in pattern.finditer(paragraph, 0, first + 1):
            if match.start() > first:
                break
            groups = match.groupdict()
            name = groups.get("name") or groups.get("named")
            chair = bool(groups.get("who")) and not groups.get("named")
            if name is not None and name.split()[0].lower() in ("the", "participants",
                                                                 "members", "it", "he", "she"):
                continue
            return name, match.group().rstrip(" ,"), chair
    return None
