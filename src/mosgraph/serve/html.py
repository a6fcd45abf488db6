"""The HTML around every page of the site: one layout, one style sheet, escaping.

Pages are plain HTML with their style inside, so that each one works offline and alone (a
static host, a file opened from disk); the only script is the query page's, served by the
site itself. Nothing is fetched from anywhere else.

>>> print(escape('<a href="x">Tom & Jerry</a>'))
&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;
>>> "<title>Anil Arora · mosgraph</title>" in page("Anil Arora", "<p>hi</p>", root="/")
True
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["STYLE", "escape", "json_script", "page"]


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def json_script(data: Any, *, kind: str = "application/ld+json", ident: str = "") -> str:
    """``data`` in a ``<script>`` data block (``</`` escaped, so the block cannot close early)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("</", "<\\/").replace("<!--", "<\\!--")
    attribute = f' id="{escape(ident)}"' if ident else ""
    return f'<script type="{kind}"{attribute}>\n{text.rstrip()}\n</script>'


STYLE = """
:root { --ink: #1d2530; --muted: #5b6675; --line: #d9dee5; --accent: #0b5cad;
        --mark: #fff1a8; --paper: #fff; --band: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--paper); }
header.site { background: var(--band); border-bottom: 1px solid var(--line); }
header.site nav { max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; display: flex;
                  gap: 1.2rem; flex-wrap: wrap; align-items: baseline; }
header.site nav a { color: var(--ink); text-decoration: none; }
header.site nav a.brand { font-weight: 700; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.7rem; margin: .6rem 0 .2rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid var(--line);
     padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: var(--accent); }
code, .iri { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
             font-size: .88em; word-break: break-all; }
.iri { color: var(--muted); }
.types { margin: .2rem 0 1rem; }
.type { display: inline-block; background: var(--band); border: 1px solid var(--line);
        border-radius: 1rem; padding: 0 .6rem; margin: 0 .3rem .3rem 0; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem;
         border-bottom: 1px solid var(--line); }
th { font-weight: 600; white-space: nowrap; }
table.properties th { width: 14rem; }
td ul { margin: 0; padding-left: 1.1rem; }
.small, .lang, .datatype { color: var(--muted); font-size: .85rem; }
blockquote { margin: .6rem 0; padding: .6rem .9rem; background: var(--band);
             border-left: 4px solid var(--accent); }
mark { background: var(--mark); padding: 0 .1rem; }
.source { margin: 1rem 0; }
.formats a { margin-right: .6rem; }
pre.report { white-space: pre-wrap; font: .92rem/1.45 ui-monospace, Menlo, Consolas, monospace;
             background: var(--band); padding: .8rem; }
pre.report span.line { display: block; }
pre.report span.line:target { background: var(--mark); }
.term { border: 1px solid var(--line); border-radius: .4rem; padding: .2rem 1rem .8rem;
        margin: 1rem 0; }
.term h3 { margin-top: .8rem; }
footer { max-width: 72rem; margin: 2rem auto; padding: 1rem; color: var(--muted);
         font-size: .85rem; border-top: 1px solid var(--line); }
textarea { width: 100%; min-height: 14rem; font: .9rem/1.4 ui-monospace, Menlo, monospace; }
.error { color: #a31515; white-space: pre-wrap; }
"""


def page(title: str, body: str, *, root: str, head: Iterable[str] = (),
         description: str | None = None) -> str:
    """A whole HTML document: the site's header (links relative to ``root``), ``body``."""
    nav = "".join(
        f'<a href="{escape(root + href)}"{" class=brand" if i == 0 else ""}>{escape(text)}</a>'
        for i, (href, text) in enumerate((
            ("", "mosgraph"), ("query/", "Query"), ("ontology/", "Ontology"),
            ("shapes/", "Shapes"), ("catalog/", "Catalogue"))))
    meta = (f'<meta name="description" content="{escape(description)}">\n'
            if description else "")
    extra = "\n".join(head)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · mosgraph</title>\n{meta}"
        f"<style>{STYLE}</style>\n{extra}\n</head>\n<body>\n"
        f'<header class="site"><nav>{nav}</nav></header>\n'
        f"<main>\n{body}\n</main>\n"
        "<footer>Published with mosgraph: meeting reports of official-statistics bodies as "
        "linked data. Every fact links back to the sentence of the report it comes from."
        "</footer>\n</body>\n</html>\n"
    )
