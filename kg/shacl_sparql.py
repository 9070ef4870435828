"""SHACL validation as SPARQL on the embedded store: the shapes compiled to one query per constraint.

pyshacl walks the graph in Python (about 3,000 triples a second here), which is most of the
build's time and grows with the data. Our shapes use a small part of SHACL Core (targets by class
or by subject of a property, and property shapes over a single IRI path with min/max count,
datatype, class, min length, pattern, value ranges and lessThanOrEquals, one `sh:or` of
`sh:minCount` alternatives) plus SHACL-SPARQL constraints. Each of those becomes a SELECT that
returns the focus nodes (and values) that violate it, and Oxigraph answers it from its indexes.

Anything outside that subset is refused with `UnsupportedShape` when the shapes are compiled, so a
new shape cannot silently go unchecked: use `alkkg validate --engine pyshacl`, the reference
implementation, for it (and add it here). The violations are the same as pyshacl's on the real
graph and on every broken graph of tests/test_shapes_coverage.py (tests/test_shacl_sparql.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

from kg.vocab import SH

XSD_STRING = str(XSD.string)

_HANDLED = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.minLength,
    SH.pattern,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.lessThanOrEquals,
    SH.message,
    SH.name,
    SH.description,
}
_NODE_HANDLED = {
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.property,
    SH["or"],
    SH.sparql,
    SH.message,
}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this engine does not compile."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows (?this [?value]) are violations."""

    node_shape: str
    path: str | None
    component: str
    message: str
    query: str


def _term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        datatype = node.datatype or XSD.string
        value = str(node).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{value}"^^<{datatype}>'
    raise UnsupportedShape(f"cannot use {node!r} in a query")


class Classes:
    """The subclass closure of the data graph's classes (SHACL's rdf:type/rdfs:subClassOf*)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._sub: dict[str, list[str]] = {}
        query = "SELECT ?c ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?c }"
        direct: dict[str, set[str]] = {}
        for row in store.query(query):
            if isinstance(row["c"], ox.NamedNode) and isinstance(row["s"], ox.NamedNode):
                direct.setdefault(row["c"].value, set()).add(row["s"].value)
        self._direct = direct

    def closure(self, cls: str) -> list[str]:
        if cls not in self._sub:
            seen, todo = {cls}, [cls]
            while todo:
                for sub in self._direct.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            self._sub[cls] = sorted(seen)
        return self._sub[cls]

    def values(self, variable: str, cls: str) -> str:
        return f"VALUES {variable} {{ {' '.join(f'<{c}>' for c in self.closure(cls))} }}"

    def typed_directly(self, cls: str) -> bool:
        """Whether every instance of a subclass is also typed `cls` (as after materialisation),
        so that `?x a cls` alone finds all of the class's instances."""
        subclasses = [c for c in self.closure(cls) if c != cls]
        if not subclasses:
            return True
        values = " ".join(f"<{c}>" for c in subclasses)
        missing = f"ASK {{ VALUES ?c {{ {values} }} ?x a ?c FILTER NOT EXISTS {{ ?x a <{cls}> }} }}"
        return not self._store.query(missing)


@dataclass(frozen=True)
class Target:
    """A node shape's focus nodes as two group patterns over ?this.

    `each` binds ?this to every focus node once (for the checks that must visit them all, such
    as sh:minCount); `holds` only tests a bound ?this (used in FILTER EXISTS, after a check has
    found the few values that fail, so the focus nodes are not enumerated at all).
    """

    each: str
    holds: str


def _targets(shapes: Graph, shape: object, classes: Classes) -> Target:
    target_classes = [str(c) for c in shapes.objects(shape, SH.targetClass)]
    subjects_of = list(shapes.objects(shape, SH.targetSubjectsOf))
    if not target_classes and not subjects_of:
        raise UnsupportedShape(f"{shape}: no sh:targetClass or sh:targetSubjectsOf")
    if len(target_classes) == 1 and not subjects_of and classes.typed_directly(target_classes[0]):
        pattern = f"?this a <{target_classes[0]}> ."
        return Target(pattern, pattern)
    parts = [f"{{ {classes.values('?_cls', c)} ?this a ?_cls }}" for c in target_classes]
    parts += [f"{{ ?this {_term(p)} ?_any }}" for p in subjects_of]
    union = " UNION ".join(parts)
    return Target("{ SELECT DISTINCT ?this WHERE { " + union + " } }", union)


def _compare(value: str, op: str, bound: str) -> str:
    """A violation unless the comparison holds (an incomparable value is a violation)."""
    return f"FILTER (!COALESCE({value} {op} {bound}, false))"


def _value_check(target: Target, path: str, condition: str, values_first: bool = False) -> str:
    """Focus nodes with a value that fails `condition`.

    The values are found from the property's triples and only the failing ones are tested as
    focus nodes. With `values_first`, the condition is tested once per distinct value (for
    sh:class, where a few publications or agents are the values of many claims).
    """
    if not values_first:
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value . {condition} "
            f"FILTER EXISTS {{ {target.holds} }} }}"
        )
    return (
        f"SELECT DISTINCT ?this ?value WHERE {{ "
        f"{{ SELECT ?value WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ ?_s {path} ?value }} }} "
        f"{condition} }} }} "
        f"?this {path} ?value . FILTER EXISTS {{ {target.holds} }} }}"
    )


def _property_checks(
    shapes: Graph, node_shape: object, prop: object, target: Target, classes: Classes
) -> Iterator[Check]:
    unknown = set(shapes.predicates(prop)) - _HANDLED
    if unknown:
        raise UnsupportedShape(f"{node_shape}: property shape uses {sorted(map(str, unknown))}")
    path_node = shapes.value(prop, SH.path)
    if not isinstance(path_node, URIRef):
        raise UnsupportedShape(f"{node_shape}: only IRI paths are supported, not {path_node!r}")
    path = _term(path_node)
    message = shapes.value(prop, SH.message)

    def check(component: str, query: str, default: str) -> Check:
        return Check(str(node_shape), str(path_node), component, str(message or default), query)

    for n in shapes.objects(prop, SH.minCount):
        n = int(n)
        if n == 1:
            query = (
                f"SELECT ?this WHERE {{ {target.each} FILTER NOT EXISTS {{ ?this {path} ?_v }} }}"
            )
        else:
            query = (
                f"SELECT ?this WHERE {{ {target.each} OPTIONAL {{ ?this {path} ?_v }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) < {n})"
            )
        yield check("MinCount", query, f"Less than {n} values on {path_node}")
    for n in shapes.objects(prop, SH.maxCount):
        n = int(n)
        if n == 1:  # two different values, found from the property's triples
            query = (
                f"SELECT DISTINCT ?this WHERE {{ ?this {path} ?_v . ?this {path} ?_w . "
                f"FILTER (!sameTerm(?_v, ?_w)) FILTER EXISTS {{ {target.holds} }} }}"
            )
        else:
            query = (
                f"SELECT ?this WHERE {{ {target.each} ?this {path} ?_v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {n})"
            )
        yield check("MaxCount", query, f"More than {n} values on {path_node}")
    for datatype in shapes.objects(prop, SH.datatype):
        if str(datatype) == XSD_STRING:
            ok = "(isLITERAL(?value) && DATATYPE(?value) = <{0}> && LANG(?value) = '')"
        else:
            # Unlike pyshacl, an ill-formed lexical form ("abc"^^xsd:integer) is not caught here;
            # the loaders only write typed values they have parsed.
            ok = "(isLITERAL(?value) && DATATYPE(?value) = <{0}>)"
        condition = "FILTER (!" + ok.format(datatype) + ")"
        yield check(
            "Datatype",
            _value_check(target, path, condition),
            f"Value is not Literal with datatype {datatype}",
        )
    for cls in shapes.objects(prop, SH["class"]):
        condition = f"FILTER NOT EXISTS {{ {classes.values('?_type', str(cls))} ?value a ?_type }}"
        yield check(
            "Class",
            _value_check(target, path, condition, values_first=True),
            f"Value does not have class {cls}",
        )
    for n in shapes.objects(prop, SH.minLength):
        condition = f"FILTER (isBLANK(?value) || STRLEN(STR(?value)) < {int(n)})"
        yield check("MinLength", _value_check(target, path, condition), f"String length not >= {n}")
    for pattern in shapes.objects(prop, SH.pattern):
        regex = _term(Literal(str(pattern)))
        condition = f"FILTER (isBLANK(?value) || !REGEX(STR(?value), {regex}))"
        yield check(
            "Pattern", _value_check(target, path, condition), f"Value does not match {pattern}"
        )
    for component, op in (
        (SH.minInclusive, ">="),
        (SH.maxInclusive, "<="),
        (SH.minExclusive, ">"),
        (SH.maxExclusive, "<"),
    ):
        for bound in shapes.objects(prop, component):
            condition = _compare("?value", op, _term(bound))
            name = str(component).removeprefix(str(SH))
            yield check(
                name[0].upper() + name[1:],
                _value_check(target, path, condition),
                f"Value is not {op} {bound}",
            )
    for other in shapes.objects(prop, SH.lessThanOrEquals):
        query = (
            f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value . "
            f"?this {_term(other)} ?_other . {_compare('?value', '<=', '?_other')} "
            f"FILTER EXISTS {{ {target.holds} }} }}"
        )
        yield check("LessThanOrEquals", query, f"Value is not <= value of {other}")


def _or_check(shapes: Graph, node_shape: object, alternatives: object, target: Target) -> Check:
    conditions = []
    for member in Collection(shapes, alternatives):
        predicates = set(shapes.predicates(member))
        path_node = shapes.value(member, SH.path)
        if (
            not isinstance(path_node, URIRef)
            or predicates - {SH.path, SH.minCount}
            or int(shapes.value(member, SH.minCount, default=Literal(0))) != 1
        ):
            raise UnsupportedShape(f"{node_shape}: sh:or supports minCount-1 alternatives only")
        conditions.append(f"NOT EXISTS {{ ?this {_term(path_node)} ?_v }}")
    message = shapes.value(node_shape, SH.message)
    query = f"SELECT ?this WHERE {{ {target.each} FILTER ({' && '.join(conditions)}) }}"
    return Check(
        str(node_shape),
        None,
        "Or",
        str(message or "Node must conform to one of the shapes in sh:or"),
        query,
    )


def _sparql_check(shapes: Graph, node_shape: object, constraint: object, target: Target) -> Check:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise UnsupportedShape(f"{node_shape}: sh:sparql without sh:select")
    prefixes = []
    for declarations in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarations, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            prefixes.append(f"PREFIX {prefix}: <{namespace}>")
    inner = str(select).replace("$this", "?this")
    query = " ".join(prefixes) + f" SELECT * WHERE {{ {target.each} {{ {inner} }} }}"
    message = shapes.value(constraint, SH.message)
    return Check(str(node_shape), None, "SPARQL", str(message or "SPARQL constraint"), query)


def compile_shapes(shapes: Graph, store: ox.Store) -> list[Check]:
    """Every constraint of every node shape as a query for `store` (whose class hierarchy the
    targets and sh:class follow); UnsupportedShape for what is not covered."""
    classes = Classes(store)
    checks = []
    for node_shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        unknown = set(shapes.predicates(node_shape)) - _NODE_HANDLED
        if unknown:
            raise UnsupportedShape(f"{node_shape}: uses {sorted(map(str, unknown))}")
        if isinstance(node_shape, BNode):
            raise UnsupportedShape("node shapes must be IRIs")
        target = _targets(shapes, node_shape, classes)
        for prop in shapes.objects(node_shape, SH.property):
            checks.extend(_property_checks(shapes, node_shape, prop, target, classes))
        for alternatives in shapes.objects(node_shape, SH["or"]):
            checks.append(_or_check(shapes, node_shape, alternatives, target))
        for constraint in shapes.objects(node_shape, SH.sparql):
            checks.append(_sparql_check(shapes, node_shape, constraint, target))
    return checks


@dataclass(frozen=True)
class Result:
    focus: ox.NamedNode | ox.BlankNode
    value: object | None
    check: Check


def run_checks(store: ox.Store, checks: list[Check]) -> list[Result]:
    """Run every check on the store's default graph; the violations found."""
    results = []
    for check in checks:
        solutions = store.query(check.query)
        has_value = "value" in [v.value for v in solutions.variables]
        for row in solutions:
            results.append(Result(row["this"], row["value"] if has_value else None, check))
    return results
