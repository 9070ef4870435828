"""A grammar-aware generator of hostile requests for the SPARQL endpoint.

Three sources, mixed: the named queries (bound to their examples) mutated token by token; random
queries from a small SPARQL grammar (patterns, property paths, filters, subqueries, aggregates);
and the classics that break endpoints (deep nesting, huge literals, regex catastrophes, cartesian
products, `(p|^p)*` paths, SERVICE, LOAD/INSERT/DROP, giant bodies, bad encodings, junk paths and
headers). Everything is drawn from one seeded `random.Random`, so a failure replays from its seed.
"""

from __future__ import annotations

import random
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

PREDICATES = [
    "rdf:type",
    "rdfs:label",
    "rdfs:subClassOf",
    "skos:altLabel",
    "prov:wasDerivedFrom",
    "alkkg:about",
    "alkkg:agent",
    "alkkg:variant",
    "alkkg:activity",
    "alkkg:quote",
    "alkkg:locator",
    "alkkg:contradicts",
    "alkkg:hasMember",
    "alkkg:value",
    "<http://example.org/nothing>",
]
TERMS = [
    "alkkg:ActivityClaim",
    "alkkg:Sensitive",
    "alkkg:ALKInhibitor",
    "<https://w3id.org/alkkg/id/agent/lorlatinib>",
    "<https://w3id.org/alkkg/id/agent/crizotinib>",
    "<https://w3id.org/alkkg/id/variant/alk-g1202r>",
    "owl:Class",
    '"lorlatinib"',
    '"G1202R"@en',
    "42",
    "3.5e10",
    "-0.0",
    "true",
    '"2011-08-26"^^xsd:date',
    '"x"^^xsd:integer',
    '""',
    "[]",
    "_:b",
]
FUNCTIONS = [
    "STR",
    "LANG",
    "DATATYPE",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ISIRI",
    "ISLITERAL",
    "ABS",
    "CEIL",
    "ROUND",
    "MD5",
    "SHA512",
    "ENCODE_FOR_URI",
    "YEAR",
    "NOW",
    "RAND",
    "BNODE",
    "IRI",
    "STRUUID",
    "xsd:integer",
    "xsd:dateTime",
]
KEYWORDS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "BIND",
    "VALUES",
    "SERVICE",
    "SILENT",
    "EXISTS",
    "NOT",
    "IN",
    "AS",
    "DISTINCT",
    "REDUCED",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "LIMIT",
    "OFFSET",
    "GROUP",
    "HAVING",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "REGEX",
    "REPLACE",
    "SUBSTR",
    "CONCAT",
    "COALESCE",
    "IF",
    "INSERT",
    "DELETE",
    "DATA",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "INTO",
    "DEFAULT",
    "ALL",
    "NAMED",
    "FROM",
    "PREFIX",
    "BASE",
    "UNDEF",
    "a",
]
PUNCTUATION = [*list("{}()[].;,*+?|^/!=<>&-"), "||", "&&", "!=", "<=", ">=", "^^", "@en", "\\"]
_TOKEN = re.compile(
    r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>'
    r"|[?$]\w+|[A-Za-z_][\w-]*:[\w.-]*|\w+|#[^\n]*|\S"
)

# The classics: each a query (or update) text that has broken some endpoint somewhere.
CLASSICS = [
    "SELECT * WHERE { " + "{ " * 300 + "?s ?p ?o " + "} " * 300 + "}",
    "SELECT * WHERE { " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000 + "}",
    "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
    'SELECT * WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, "(a+)+$")) }',
    'SELECT * WHERE { ?s alkkg:quote ?q FILTER(REGEX(?q, "^(a|aa|aaa)*(b|bb)*$", "i")) }',
    'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "' + "(x?)" * 400 + "x" * 400 + '")) }',
    'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "[")) }',
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    "SELECT * WHERE { ?s (rdfs:label|^rdfs:label)* ?o }",
    "SELECT * WHERE { ?s (alkkg:about|^alkkg:about)* ?o . ?o (!rdf:type|^!rdf:type)* ?x }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (<p>|^<p>|!<q>)* ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 100000000 OFFSET 9999999999999999999999",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "INSERT DATA { <http://x> <http://y> <http://z> }",
    "DROP ALL",
    "CLEAR DEFAULT",
    'SELECT ("' + "a" * 60_000 + '" AS ?big) WHERE {}',
    "SELECT * WHERE { VALUES ?x { " + " ".join(str(i) for i in range(5000)) + " } }",
    "SELECT (STRLEN(GROUP_CONCAT(?q)) AS ?n) WHERE { ?s ?p ?q . ?t ?u ?q }",
    "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
    "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "SELECT * WHERE { BIND(SHA512(CONCAT(" + ", ".join(['"x"'] * 2000) + ")) AS ?h) }",
    "ASK { FILTER(1/0 = 1) }",
    "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(?o) > 1/0)",
]


@dataclass
class FuzzRequest:
    """One HTTP request; `kind` says which generator made it, for the report."""

    kind: str
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class SparqlFuzzer:
    def __init__(
        self,
        seed: int,
        named: dict[str, str],
        examples: dict[str, dict[str, str]],
        paths: list[str],
    ) -> None:
        """`named`: each named query's bound text; `examples`: its example parameters;
        `paths`: real resource paths of the graph."""
        self.rng = random.Random(seed)
        self.named = list(named.items())
        self.examples = examples
        self.paths = paths

    # --- query text -------------------------------------------------------------------------
    def mutated(self) -> str:
        _, text = self.rng.choice(self.named)
        tokens = [t for t in _TOKEN.findall(text) if not t.startswith("#")]
        for _ in range(self.rng.randint(1, 2)):
            tokens = self._mutate(tokens)
        return " ".join(tokens)

    def _mutate(self, tokens: list[str]) -> list[str]:
        rng = self.rng
        if not tokens:
            return [self._token()]
        i = rng.randrange(len(tokens))
        j = rng.randrange(len(tokens))
        lo, hi = min(i, j), max(i, j)
        choice = rng.randrange(9)
        if choice == 0:
            return tokens[:i] + tokens[i + 1 :]
        if choice == 1:
            return [*tokens[:i], tokens[i], tokens[i], *tokens[i + 1 :]]
        if choice == 2:
            tokens = list(tokens)
            tokens[i], tokens[j] = tokens[j], tokens[i]
            return tokens
        if choice == 3:
            return [*tokens[:i], self._token(), *tokens[i + 1 :]]
        if choice == 4:
            return [*tokens[:i], self._token(), *tokens[i:]]
        if choice == 5:
            return tokens[:i]
        if choice == 6:
            return tokens[:hi] + tokens[lo:hi] + tokens[hi:]
        if choice == 7:  # drop the LIMIT, or make it enormous
            text = " ".join(tokens)
            text = re.sub(r"LIMIT \d+", rng.choice(["", "LIMIT 99999999999"]), text)
            return _TOKEN.findall(text)
        wrapper = rng.choice(
            ["OPTIONAL", "MINUS", "FILTER NOT EXISTS", "FILTER EXISTS", "GRAPH ?g"]
        )
        return [*tokens[:lo], wrapper, "{", *tokens[lo:hi], "}", *tokens[hi:]]

    def _token(self) -> str:
        pool = self.rng.choice([KEYWORDS, PUNCTUATION, PREDICATES, TERMS, FUNCTIONS])
        if pool is PREDICATES and self.rng.random() < 0.2:
            return f"?v{self.rng.randrange(5)}"
        return self.rng.choice(pool)

    def generated(self) -> str:
        rng = self.rng
        form = rng.choice(["SELECT", "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"])
        where = self._group(3)
        if form == "ASK":
            return f"ASK {where}"
        if form == "CONSTRUCT":
            return f"CONSTRUCT {{ ?v0 ?v1 ?v2 }} WHERE {where} LIMIT {rng.randint(0, 500)}"
        if form == "DESCRIBE":
            return f"DESCRIBE {rng.choice(['?v0', '*', TERMS[3]])} WHERE {where} LIMIT 20"
        projection = rng.choice(["*", "?v0", "DISTINCT ?v0 ?v1", "(COUNT(*) AS ?n)", "REDUCED *"])
        tail = ""
        if "COUNT" not in projection and rng.random() < 0.3:
            tail += f" ORDER BY {rng.choice(['?v0', 'DESC(?v1)', 'RAND()', 'STR(?v2)'])}"
        if "COUNT" in projection and rng.random() < 0.5:
            projection = "?v0 (COUNT(*) AS ?n)"
            tail += " GROUP BY ?v0" + (" HAVING (COUNT(*) > 1)" if rng.random() < 0.5 else "")
        if rng.random() < 0.7:
            tail += f" LIMIT {rng.choice([0, 1, 10, 1000, 100000])}"
        if rng.random() < 0.2:
            tail += f" OFFSET {rng.randint(0, 50)}"
        return f"SELECT {projection} WHERE {where}{tail}"

    def _group(self, depth: int) -> str:
        rng = self.rng
        parts = [self._triple() for _ in range(rng.randint(1, 3))]
        for _ in range(rng.randint(0, 3)):
            kind = rng.randrange(8) if depth > 0 else rng.choice([5, 6, 7])
            if kind == 0:
                parts.append(f"OPTIONAL {self._group(depth - 1)}")
            elif kind == 1:
                parts.append(f"{self._group(depth - 1)} UNION {self._group(depth - 1)}")
            elif kind == 2:
                parts.append(f"MINUS {self._group(depth - 1)}")
            elif kind == 3:
                parts.append(f"{{ SELECT * WHERE {self._group(depth - 1)} LIMIT 50 }}")
            elif kind == 4:
                parts.append(f"FILTER {rng.choice(['', 'NOT '])}EXISTS {self._group(depth - 1)}")
            elif kind == 5:
                parts.append(f"FILTER ({self._expression(2)})")
            elif kind == 6:
                parts.append(f"BIND ({self._expression(2)} AS ?b{rng.randrange(100)})")
            else:
                values = " ".join(rng.choice([*TERMS, "UNDEF"]) for _ in range(rng.randint(0, 4)))
                parts.append(f"VALUES ?v{rng.randrange(3)} {{ {values} }}")
        rng.shuffle(parts)
        return "{ " + " . ".join(parts) + " }"

    def _triple(self) -> str:
        rng = self.rng
        subject = rng.choice(["?v0", "?v1", "?v3", TERMS[3], TERMS[5]])
        obj = rng.choice(["?v1", "?v2", "?v4", *TERMS[:12]])
        return f"{subject} {self._path(2)} {obj}"

    def _path(self, depth: int) -> str:
        rng = self.rng
        if depth == 0 or rng.random() < 0.5:
            return rng.choice([*PREDICATES, "?p", "a"]) if depth else rng.choice(PREDICATES)
        kind = rng.randrange(6)
        inner = self._path(depth - 1)
        if "?" in inner.replace("?p", "") or inner == "?p" or inner == "a":
            inner = rng.choice(PREDICATES)
        if kind == 0:
            return f"({inner}/{self._path(0)})"
        if kind == 1:
            return f"({inner}|{self._path(0)})"
        if kind == 2:
            return f"^{inner}"
        if kind == 3:
            return f"({inner}){rng.choice('*+?')}"
        if kind == 4:
            return f"!({rng.choice(PREDICATES)}|^{rng.choice(PREDICATES)})"
        return f"({inner}|^{inner})*"

    def _expression(self, depth: int) -> str:
        rng = self.rng
        if depth == 0:
            return rng.choice(["?v0", "?v1", "?v2", *TERMS[7:16], f"{rng.randint(-9, 9)}"])
        kind = rng.randrange(6)
        left, right = self._expression(depth - 1), self._expression(depth - 1)
        if kind == 0:
            return (
                f"({left} {rng.choice(['=', '!=', '<', '>=', '&&', '||', '+', '*', '/'])} {right})"
            )
        if kind == 1:
            return f"{rng.choice(FUNCTIONS)}({left})"
        if kind == 2:
            pattern = rng.choice(
                ['"lor"', '"^(a+)+$"', '"(.*)*x"', '"[a-z]{2,}"', '"\\\\d"', '"("']
            )
            flags = rng.choice(["", ', "i"', ', "q"'])
            return f"REGEX(STR({left}), {pattern}{flags})"
        if kind == 3:
            return f"CONTAINS(LCASE(STR({left})), {rng.choice(TERMS[7:9])})"
        if kind == 4:
            return f"IF({left}, {right}, COALESCE({right}, {left}))"
        return f"{left} IN ({right}, {self._expression(0)})"

    # --- HTTP ---------------------------------------------------------------------------------
    def request(self) -> FuzzRequest:
        rng = self.rng
        roll = rng.random()
        if roll < 0.40:
            return self._sparql("mutated", self.mutated())
        if roll < 0.75:
            return self._sparql("generated", self.generated())
        if roll < 0.82:
            return self._sparql("classic", rng.choice(CLASSICS))
        makers: list[Callable[[], FuzzRequest]] = [
            self._named_api,
            self._resource,
            self._junk,
            self._giant,
        ]
        return rng.choice(makers)()

    def _sparql(self, kind: str, query: str) -> FuzzRequest:
        rng = self.rng
        accept = rng.choice(
            [
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "text/turtle",
                "application/ld+json",
                "*/*",
                "text/html;q=0.1, application/json;q=0.9",
                "garbage/;;q=x",
                "",
            ]
        )
        headers = {"Accept": accept} if accept else {}
        style = rng.randrange(4)
        if style == 0 and len(query) < 6000:
            target = "/sparql?" + urllib.parse.urlencode({"query": query})
            return FuzzRequest(kind, "GET", target, headers)
        if style == 1:
            headers["Content-Type"] = "application/sparql-query"
            return FuzzRequest(kind, "POST", "/sparql", headers, query.encode())
        if style == 2 and rng.random() < 0.3:
            headers["Content-Type"] = "application/sparql-update"
            return FuzzRequest(kind, "POST", "/sparql", headers, query.encode())
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        field_name = rng.choice(["query", "query", "query", "update"])
        body = urllib.parse.urlencode({field_name: query}).encode()
        return FuzzRequest(kind, "POST", "/sparql", headers, body)

    def _named_api(self) -> FuzzRequest:
        rng = self.rng
        name = rng.choice([*self.examples, "nope", "../etc/passwd", ""])
        if name in self.examples and rng.random() < 0.5:
            query = urllib.parse.urlencode(self.examples[name])
            return FuzzRequest("api", "GET", f"/api/{name}?{query}")
        params = {
            rng.choice(["drug", "mutation", "trial", "min_grade", "format", "x"]): rng.choice(
                ["G1202R", "ceritinib", "PROFILE 1014", "3", "-1", "1e400", "csv", "\x00", "é" * 50]
            )
            for _ in range(rng.randint(0, 3))
        }
        target = f"/api/{urllib.parse.quote(name)}?{urllib.parse.urlencode(params)}"
        return FuzzRequest("api", "GET", target)

    def _resource(self) -> FuzzRequest:
        rng = self.rng
        path = rng.choice(self.paths)
        suffix = rng.choice(["", ".ttl", ".nt", ".jsonld", ".rdf", ".html", ".exe", "/..", "%00"])
        accept = rng.choice(["text/html", "text/turtle", "application/ld+json", "*/*", ""])
        return FuzzRequest("resource", "GET", path + suffix, {"Accept": accept} if accept else {})

    def _junk(self) -> FuzzRequest:
        rng = self.rng
        target = rng.choice(
            [
                "/sparql?query=%ff%fe%00",
                "/sparql?query=" + "%" * 10,
                "/sparql?query=SELECT&query=ASK",
                "/sparql?default-graph-uri=http://x&query=ASK{}",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/dump/alkkg.exe",
                "/static/../../pyproject.toml",
                "/id/" + "a/" * 500,
                "/.well-known/void?x=" + "y" * 3000,
                "/sparql?format=bogus&query=ASK{}",
            ]
        )
        method = rng.choice(["GET", "GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"])
        headers = rng.choice(
            [
                {},
                {"Content-Type": "application/sparql-query; charset=latin-1"},
                {"Content-Type": "multipart/form-data; boundary=x"},
                {"Accept": "\t" * 100},
            ]
        )
        body = rng.choice([b"", b"\xff\xfe\x00garbage", b"query=ASK%7B%7D", bytes(range(256))])
        return FuzzRequest("junk", method, target, dict(headers), body if method != "GET" else b"")

    def _giant(self) -> FuzzRequest:
        rng = self.rng
        size = rng.choice([65 * 1024, 256 * 1024, 2 * 2**20])
        body = b"query=" + b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * size
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return FuzzRequest("giant", "POST", "/sparql", headers, body)
