"""SHACL validation as SPARQL on the embedded store: the shapes compiled to one query per constraint.

pyshacl walks the graph in Python (about 3,000 triples a second here), which is most of the
build's time and grows with the data. Our shapes use a small part of SHACL Core (targets by class
or by subject of a property, and property shapes over a single IRI path with min/max count,
datatype, class, min length, pattern, value ranges and lessThanOrEquals, one `sh:or` of
`sh:minCount` alternatives) plus SHACL-SPARQL constraints. Each of those becomes a SELECT that
returns the focus nodes (and values) that violate it, and Oxigraph answers it from its indexes.
Where it can, a check starts from the property's triples and tests the shape's target only for
the values that fail (in valid data, none), and checks that share a path and a condition share
one ASK for such values, so the cost is a scan per property rather than per shape and focus node.

Anything outside that subset is refused with `UnsupportedShape` when the shapes are compiled, so a
new shape cannot silently go unchecked: use `alkkg validate --engine pyshacl`, the reference
implementation, for it (and add it here). The violations are the same as pyshacl's on the real
graph and on every broken graph of tests/test_shapes_coverage.py and tests/test_validate.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import UnsupportedShape
from kg.store import Term, ask, select
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


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows (?this [?value]) are violations.

    `precheck`, when given, is an ASK that is false if the query can find nothing: it looks for
    failing values whatever the shape, so checks of the same path and condition in several
    shapes (the agent of every kind of claim) share one answer, and the query proper runs only
    when there is something to find.
    """

    node_shape: str
    path: str | None
    component: str
    message: str
    query: str
    precheck: str | None = None


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        datatype = node.datatype or XSD.string
        value = str(node).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{value}"^^<{datatype}>'
    raise UnsupportedShape(f"cannot use {node!r} in a query")


def _integer(shape: Node, node: Node | None) -> int:
    """A count or length of a shape (an integer literal); UnsupportedShape for anything else."""
    if isinstance(node, Literal):
        try:
            return int(node)
        except ValueError:
            pass
    raise UnsupportedShape(f'{shape}: "{node}" is not an integer')


class Classes:
    """The subclass closure of the data graph's classes (SHACL's rdf:type/rdfs:subClassOf*)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._sub: dict[str, list[str]] = {}
        query = "SELECT ?c ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?c }"
        direct: dict[str, set[str]] = {}
        for row in select(store, query):
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
        return not ask(self._store, missing)


@dataclass(frozen=True)
class Target:
    """A node shape's focus nodes as two group patterns over ?this.

    `each` binds ?this to every focus node once (for the checks that must visit them all, such
    as sh:minCount); `holds` only tests a bound ?this (used in FILTER EXISTS, after a check has
    found the few values that fail, so the focus nodes are not enumerated at all).
    """

    each: str
    holds: str


def _targets(shapes: Graph, shape: Node, classes: Classes) -> Target:
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


def _failing_values(path: str, condition: str, values_first: bool = False) -> str:
    """A pattern binding (?this, ?value) for every value of `path` that fails `condition`.

    With `values_first`, the condition is tested once per distinct value (for sh:class, where a
    few publications or agents are the values of many claims).
    """
    if not values_first:
        return f"?this {path} ?value . {condition}"
    return (
        f"{{ SELECT ?value WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ ?_s {path} ?value }} }} "
        f"{condition} }} }} ?this {path} ?value ."
    )


def _focus_nodes_with(failing: str, target: Target, value: bool = True) -> str:
    """The focus nodes (and values) among the failing ones: the target is tested only for those."""
    return (
        f"SELECT DISTINCT ?this{' ?value' if value else ''} WHERE {{ {failing} "
        f"FILTER EXISTS {{ {target.holds} }} }}"
    )


def _property_checks(
    shapes: Graph, node_shape: Node, prop: Node, target: Target, classes: Classes
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

    def value_check(component: str, failing: str, default: str, value: bool = True) -> Check:
        query = _focus_nodes_with(failing, target, value)
        return replace(check(component, query, default), precheck=f"ASK {{ {failing} }}")

    for count in shapes.objects(prop, SH.minCount):
        n = _integer(node_shape, count)
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
    for count in shapes.objects(prop, SH.maxCount):
        n = _integer(node_shape, count)
        default = f"More than {n} values on {path_node}"
        if n == 1:  # two different values, found from the property's triples
            failing = f"?this {path} ?_v . ?this {path} ?_w . FILTER (!sameTerm(?_v, ?_w))"
            yield value_check("MaxCount", failing, default, value=False)
        else:
            query = (
                f"SELECT ?this WHERE {{ {target.each} ?this {path} ?_v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {n})"
            )
            yield check("MaxCount", query, default)
    for datatype in shapes.objects(prop, SH.datatype):
        if str(datatype) == XSD_STRING:
            ok = "(isLITERAL(?value) && DATATYPE(?value) = <{0}> && LANG(?value) = '')"
        else:
            # Unlike pyshacl, an ill-formed lexical form ("abc"^^xsd:integer) is not caught here;
            # the loaders only write typed values they have parsed.
            ok = "(isLITERAL(?value) && DATATYPE(?value) = <{0}>)"
        condition = "FILTER (!" + ok.format(datatype) + ")"
        yield value_check(
            "Datatype",
            _failing_values(path, condition),
            f"Value is not Literal with datatype {datatype}",
        )
    for cls in shapes.objects(prop, SH["class"]):
        condition = f"FILTER NOT EXISTS {{ {classes.values('?_type', str(cls))} ?value a ?_type }}"
        yield value_check(
            "Class",
            _failing_values(path, condition, values_first=True),
            f"Value does not have class {cls}",
        )
    for minimum in shapes.objects(prop, SH.minLength):
        length = _integer(node_shape, minimum)
        condition = f"FILTER (isBLANK(?value) || STRLEN(STR(?value)) < {length})"
        yield value_check(
            "MinLength", _failing_values(path, condition), f"String length not >= {minimum}"
        )
    for pattern in shapes.objects(prop, SH.pattern):
        regex = _term(Literal(str(pattern)))
        condition = f"FILTER (isBLANK(?value) || !REGEX(STR(?value), {regex}))"
        yield value_check(
            "Pattern", _failing_values(path, condition), f"Value does not match {pattern}"
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
            yield value_check(
                name[0].upper() + name[1:],
                _failing_values(path, condition),
                f"Value is not {op} {bound}",
            )
    for other in shapes.objects(prop, SH.lessThanOrEquals):
        failing = (
            f"?this {path} ?value . ?this {_term(other)} ?_other . "
            f"{_compare('?value', '<=', '?_other')}"
        )
        yield value_check("LessThanOrEquals", failing, f"Value is not <= value of {other}")


def _or_check(shapes: Graph, node_shape: Node, alternatives: Node, target: Target) -> Check:
    conditions = []
    for member in Collection(shapes, alternatives):
        predicates = set(shapes.predicates(member))
        path_node = shapes.value(member, SH.path)
        if (
            not isinstance(path_node, URIRef)
            or predicates - {SH.path, SH.minCount}
            or _integer(node_shape, shapes.value(member, SH.minCount, default=Literal(0))) != 1
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


def _sparql_check(shapes: Graph, node_shape: Node, constraint: Node, target: Target) -> Check:
    body = shapes.value(constraint, SH.select)
    if body is None:
        raise UnsupportedShape(f"{node_shape}: sh:sparql without sh:select")
    prefixes = []
    for declarations in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarations, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            prefixes.append(f"PREFIX {prefix}: <{namespace}>")
    inner = str(body).replace("$this", "?this")
    query = " ".join(prefixes) + f" SELECT * WHERE {{ {target.each} {{ {inner} }} }}"
    message = shapes.value(constraint, SH.message)
    return Check(str(node_shape), None, "SPARQL", str(message or "SPARQL constraint"), query)


def compile_shapes(shapes: Graph, store: ox.Store) -> list[Check]:
    """Every constraint of every node shape as a query for `store` (whose class hierarchy the
    targets and sh:class follow); UnsupportedShape for what is not covered."""
    classes = Classes(store)
    checks: list[Check] = []
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
    value: Term | None
    check: Check


def run_checks(store: ox.Store, checks: list[Check]) -> list[Result]:
    """Run every check on the store's default graph; the violations found."""
    results: list[Result] = []
    prechecks: dict[str, bool] = {}
    for check in checks:
        if check.precheck is not None:
            if check.precheck not in prechecks:
                prechecks[check.precheck] = ask(store, check.precheck)
            if not prechecks[check.precheck]:
                continue
        solutions = select(store, check.query)
        has_value = "value" in [v.value for v in solutions.variables]
        for row in solutions:
            results.append(Result(row["this"], row["value"] if has_value else None, check))
    return results
