// The query page of a mosgraph site: pick a named query or write one, run it against the
// site's SPARQL endpoint, see the answer as a table whose IRIs link to their pages.
// Written for mosgraph; no library, nothing fetched but the endpoint's answer.
"use strict";

(function () {
  const settings = JSON.parse(document.getElementById("settings").textContent);
  const named = JSON.parse(document.getElementById("named-queries").textContent);
  const editor = document.getElementById("query");
  const picker = document.getElementById("named");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const form = document.getElementById("query-form");
  const XSD = "http://www.w3.org/2001/XMLSchema#";

  // where an IRI is read about on this site, as mosgraph.serve.site.Site.page_url does
  function pageOf(iri) {
    for (const [base, folder] of settings.ontology) {
      const before = iri.split("#")[0];
      if (before === base || before.startsWith(base + "/")) {
        const fragment = iri.includes("#") ? "#" + encodeURIComponent(iri.split("#")[1]) : "";
        return settings.root + folder + fragment;
      }
    }
    for (const base of settings.iriBases) {
      if (!iri.startsWith(base)) continue;
      const rest = iri.slice(base.length);
      const segments = rest.split("/");
      const reserved = ["", "doc", "sparql", "query", "ontology", "shapes", "catalog",
                        "context.jsonld", "static", ".well-known", "sitemap.xml"];
      if (reserved.includes(segments[0])) return null;
      if (segments.some((s) => s === "" || s === "." || s === ".." ||
                        /[\\#?<>"{}|^`\s]/.test(s) || /^index\./.test(s))) return null;
      return settings.root + "doc/" + segments.map(encodeURIComponent).join("/") + "/";
    }
    return null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const link = document.createElement("a");
      const page = pageOf(term.value);
      link.href = page || term.value;
      if (!page) link.rel = "nofollow";
      link.textContent = term.value;
      td.appendChild(link);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      const extra = term["xml:lang"] ? "@" + term["xml:lang"] :
        term.datatype && term.datatype !== XSD + "string" ? term.datatype.replace(XSD, "xsd:") : "";
      if (extra) {
        const small = document.createElement("span");
        small.className = "small";
        small.textContent = " " + extra;
        td.appendChild(small);
      }
    }
    return td;
  }

  function table(variables, rows) {
    const element = document.createElement("table");
    element.id = "result-table";
    const head = element.createTHead().insertRow();
    for (const name of variables) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    const body = element.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const name of variables) tr.appendChild(cell(row[name]));
    }
    return element;
  }

  // N-Triples, one triple a line, as rows of subject, predicate, object
  function triples(text) {
    const term = /\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)/y;
    const unescape = (s) => JSON.parse('"' + s.replace(/\\U([0-9A-Fa-f]{8})/g,
      (_, h) => String.fromCodePoint(parseInt(h, 16))) + '"');
    const rows = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      term.lastIndex = 0;
      const found = [];
      let match;
      while (found.length < 3 && (match = term.exec(line))) found.push(match[1]);
      const terms = found.map((t) => {
        if (t.startsWith("<")) return {type: "uri", value: t.slice(1, -1)};
        if (t.startsWith("_:")) return {type: "bnode", value: t.slice(2)};
        const end = t.lastIndexOf('"');
        const literal = {type: "literal", value: unescape(t.slice(1, end))};
        const rest = t.slice(end + 1);
        if (rest.startsWith("@")) literal["xml:lang"] = rest.slice(1);
        if (rest.startsWith("^^")) literal.datatype = rest.slice(3, -1);
        return literal;
      });
      if (terms.length === 3) rows.push({subject: terms[0], predicate: terms[1], object: terms[2]});
    }
    return rows;
  }

  async function run() {
    results.textContent = "";
    status.textContent = "running…";
    const started = performance.now();
    let response;
    try {
      response = await fetch(settings.endpoint, {
        method: "POST",
        headers: {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
        body: new URLSearchParams({query: editor.value}),
      });
    } catch (error) {
      status.textContent = "";
      showError("The endpoint could not be reached: " + error);
      return;
    }
    const text = await response.text();
    const took = Math.round(performance.now() - started);
    if (!response.ok) {
      status.textContent = "";
      showError(response.status + ": " + text);
      return;
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    if (type === "application/n-triples") {
      const rows = triples(text);
      results.appendChild(table(["subject", "predicate", "object"], rows));
      status.textContent = rows.length + " triple" + (rows.length === 1 ? "" : "s") +
        " in " + took + " ms";
      return;
    }
    const answer = JSON.parse(text);
    if ("boolean" in answer) {
      const p = document.createElement("p");
      p.id = "result-boolean";
      p.textContent = answer.boolean ? "yes (true)" : "no (false)";
      results.appendChild(p);
      status.textContent = "answered in " + took + " ms";
      return;
    }
    const rows = answer.results.bindings;
    results.appendChild(table(answer.head.vars, rows));
    status.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " +
      took + " ms";
  }

  function showError(message) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = message;
    results.appendChild(p);
  }

  picker.addEventListener("change", () => {
    const chosen = named.find((q) => q.name === picker.value);
    if (chosen) editor.value = chosen.text;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  const given = new URLSearchParams(location.search);
  if (given.get("query")) {
    editor.value = given.get("query");
    run();
  } else if (given.get("named")) {
    picker.value = given.get("named");
    picker.dispatchEvent(new Event("change"));
  }
})();
