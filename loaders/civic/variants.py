"""CIViC molecular profiles onto our variants: what a parsed profile stands for in our graph.

A profile (`loaders.civic.profiles`) becomes the variant a claim is about, and, for a mutation
found in a named fusion, the fusion as the claim's context:

* `ALK G1202R` -> our `id:variant/alk-g1202r` (found by gene, position and residues);
* `EML4::ALK Fusion AND ALK G1202R` -> the mutation, in the fusion's context (`alkkg:fusionContext`);
* several mutations (with or without a fusion) -> a compound mutation: ours when one has the same
  components, else a new one named from the sorted components (`alk-i1171n-l1196m`);
* `EML4::ALK Fusion` -> our `EML4-ALK`; `EML4::ALK e6::e20` -> that breakpoint, narrower than
  EML4-ALK; `v::ALK Fusion` -> our ALK rearrangement (any partner);
* `ALK I1171` (a position) -> any substitution at I1171, never I1171T;
* `OR`, `NOT`, and an `AND` that is none of the above -> a `VariantExpression` named from the
  profile id (`id:variant/civic-mp<id>`), with its parts, never flattened.

A variant our tables lack becomes a node labelled as CIViC names it, and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from kg.vocab import ALKKG, ID, RDF, RDFS, SKOS, XSD
from loaders.civic.places import MISSENSE, POSITION, Places, new_iri, slug
from loaders.civic.profiles import And, Fusion, Mutation, Not, Or, OtherVariant, Profile


@dataclass(frozen=True)
class Placed:
    variant: URIRef
    context: URIRef | None = None


@dataclass
class VariantPlacer:
    """Places profiles, writing the nodes it has to create into `graph`."""

    places: Places
    graph: Graph
    matched: set[str] = field(default_factory=set)
    """Profile parts (as CIViC names them) found among our nodes."""
    created: dict[str, URIRef] = field(default_factory=dict)
    """Profile parts our tables lack, and the node made for each."""

    def place(self, profile: Profile, profile_id: int, name: str) -> Placed:
        if isinstance(profile, And):
            placed = self._and(profile)
            if placed is not None:
                return placed
        if isinstance(profile, And | Or | Not):
            return Placed(self._expression(profile, f"civic-mp{profile_id}", name))
        return Placed(self.node(profile))

    def node(self, profile: Profile) -> URIRef:
        """One node for a profile part (expressions nested in another get their own)."""
        if isinstance(profile, Mutation):
            return self._mutation(profile)
        if isinstance(profile, Fusion):
            return self._fusion(profile)
        if isinstance(profile, OtherVariant):
            return self._other(profile)
        raise TypeError(profile)  # nested expressions are handled by _expression

    # --- AND: a mutation in a fusion, or a compound mutation ------------------------------

    def _and(self, profile: And) -> Placed | None:
        fusions = [p for p in profile.parts if isinstance(p, Fusion)]
        rest = [p for p in profile.parts if not isinstance(p, Fusion)]
        if len(fusions) > 1 or not all(isinstance(p, Mutation | OtherVariant) for p in rest):
            return None
        genes = {p.gene for p in rest if isinstance(p, Mutation | OtherVariant)}
        context = None
        if fusions:
            if genes != {fusions[0].three_prime or fusions[0].five_prime}:
                return None  # e.g. FUS::TFCP2 with an ALK deletion: not a context
            context = self._fusion(fusions[0])
        if len(rest) == 1:
            return Placed(self.node(rest[0]), context)
        if all(isinstance(p, Mutation) for p in rest) and len(genes) == 1:
            return Placed(self._compound([self.node(p) for p in rest], genes.pop()), context)
        return None

    def _compound(self, components: list[URIRef], gene: str) -> URIRef:
        key = frozenset(components)
        if key in self.places.compounds:
            iri = self.places.compounds[key]
            if iri not in self.created.values():  # ours, not one made for an earlier item
                self.matched.add(self.places.labels.get(iri, str(iri)))
            return iri
        prefix = f"{slug(gene)}-"
        slugs = sorted(str(c).rsplit("/", 1)[1].removeprefix(prefix) for c in components)
        iri = ID[f"variant/{prefix}{'-'.join(slugs)}"]
        label = f"{gene} " + " + ".join(s.upper() for s in slugs)
        self._new(iri, label, ALKKG.CompoundMutation, gene)
        self.graph.add((iri, RDF.type, ALKKG.KinaseDomainMutation))
        for component in components:
            self.graph.add((iri, ALKKG.hasComponent, component))
        self.places.compounds[key] = iri
        return iri

    # --- the parts --------------------------------------------------------------------------

    def _mutation(self, m: Mutation) -> URIRef:
        name = f"{m.gene} {m.change}"
        found = self.places.mutation(m.gene, m.change)
        if found is not None:
            self.matched.add(name)
            return found
        iri = new_iri("variant", name)
        if iri in self.created.values():
            return iri
        missense, position = MISSENSE.match(m.change), POSITION.match(m.change)
        if missense:
            self._new(iri, name, ALKKG.PointMutation, m.gene, name)
            self.graph.add((iri, ALKKG.variantResidue, Literal(missense[3])))
            self.graph.add((iri, SKOS.altLabel, Literal(m.change)))
        elif position:
            label = f"{name} (any substitution)"
            self._new(iri, label, ALKKG.AnySubstitution, m.gene, name)
            self.graph.add((iri, SKOS.altLabel, Literal(name)))
            self.graph.add((iri, SKOS.altLabel, Literal(m.change)))
        else:
            self._new(iri, name, ALKKG.Variant, m.gene, name)
        ref_pos = missense or position
        if ref_pos:
            self.graph.add((iri, ALKKG.referenceResidue, Literal(ref_pos[1])))
            self.graph.add((iri, ALKKG.position, Literal(int(ref_pos[2]), datatype=XSD.integer)))
        if m.gene == "ALK":
            self.graph.add((iri, RDF.type, ALKKG.KinaseDomainMutation))
        return iri

    def _fusion(self, f: Fusion) -> URIRef:
        if f.five_prime is None or f.three_prime is None:
            gene = f.three_prime or f.five_prime
            if gene is None:
                raise ValueError("a fusion of two unknown partners")
            name = f"{f.five_prime or 'v'}::{f.three_prime or 'v'} Fusion"
            found = self.places.any_fusion(gene)
            if found is not None:
                self.matched.add(name)
                return found
            iri = ID[f"variant/{slug(gene)}-rearrangement"]
            if iri not in self.created.values():
                label = f"{gene} rearrangement (any partner)"
                self._new(iri, label, ALKKG.Rearrangement, gene, name)
            return iri
        pair = f"{f.five_prime}::{f.three_prime}"
        named = self.places.fusion(f.five_prime, f.three_prime)
        if f.exons is None:
            if named is not None:
                self.matched.add(f"{pair} Fusion")
                return named
            return self._new_fusion(f, named=None)
        if named is None:
            named = self._new_fusion(Fusion(f.five_prime, f.three_prime), None)
        return self._new_fusion(f, named=named)

    def _new_fusion(self, f: Fusion, named: URIRef | None) -> URIRef:
        assert f.five_prime is not None and f.three_prime is not None
        pair = f"{f.five_prime}-{f.three_prime}"
        if f.exons is None:
            iri, label, civic = (
                new_iri("variant", pair),
                pair,
                f"{f.five_prime}::{f.three_prime} Fusion",
            )
        else:
            junction = f"{f.exons[0]}::{f.exons[1]}"
            iri = new_iri("variant", f"{pair} {f.exons[0]} {f.exons[1]}")
            label, civic = f"{pair} {junction}", f"{f.five_prime}::{f.three_prime} {junction}"
        if iri in self.created.values():
            return iri
        self._new(iri, label, ALKKG.Fusion, f.three_prime, civic)
        partner = self._gene(f.five_prime)
        self.graph.add((iri, ALKKG.partnerGene, partner))
        if named is not None:
            self.graph.add((iri, SKOS.broader, named))
        return iri

    def _other(self, v: OtherVariant) -> URIRef:
        name = f"{v.gene} {v.name}"
        found = self.places.other(v.gene, v.name)
        if found is not None:
            self.matched.add(name)
            return found
        iri = new_iri("variant", name)
        if iri not in self.created.values():
            self._new(iri, name, ALKKG.Variant, v.gene, name)
        return iri

    def _expression(self, profile: And | Or | Not, key: str, name: str) -> URIRef:
        iri = ID[f"variant/{key}"]
        if iri in self.created.values():
            return iri
        self._new(iri, name, ALKKG.VariantExpression, None, name)
        if isinstance(profile, Not):
            parts, predicate = [profile.part], ALKKG.notOf
        else:
            parts = list(profile.parts)
            predicate = ALKKG.anyOf if isinstance(profile, Or) else ALKKG.allOf
        for number, part in enumerate(parts, start=1):
            if isinstance(part, And | Or | Not):
                node = self._expression(part, f"{key}-{number}", _display(part))
            else:
                node = self.node(part)
            self.graph.add((iri, predicate, node))
        return iri

    # --- writing new nodes -----------------------------------------------------------------

    def _gene(self, symbol: str) -> URIRef:
        found = self.places.gene(symbol)
        if found is not None:
            return found
        iri = ID[f"gene/{symbol}"]
        if (iri, RDFS.label, None) not in self.graph:
            self.graph.add((iri, RDF.type, ALKKG.Gene))
            self.graph.add((iri, RDFS.label, Literal(symbol)))
            self.graph.add(
                (
                    iri,
                    SKOS.editorialNote,
                    Literal("Gene symbol as CIViC gives it; not in our tables."),
                )
            )
        return iri

    def _new(
        self, iri: URIRef, label: str, cls: URIRef, gene: str | None, civic: str | None = None
    ) -> None:
        self.graph.add((iri, RDF.type, cls))
        self.graph.add((iri, RDFS.label, Literal(label)))
        if gene is not None:
            self.graph.add((iri, ALKKG.gene, self._gene(gene)))
        self.graph.add(
            (
                iri,
                SKOS.editorialNote,
                Literal(f"Named by CIViC ({civic or label}); not in our curated tables."),
            )
        )
        self.created[civic or label] = iri


def _display(profile: Profile) -> str:
    """A profile part written back as CIViC writes it (for a nested expression's label)."""
    if isinstance(profile, Mutation):
        return f"{profile.gene} {profile.change}"
    if isinstance(profile, OtherVariant):
        return f"{profile.gene} {profile.name}"
    if isinstance(profile, Fusion):
        pair = f"{profile.five_prime or 'v'}::{profile.three_prime}"
        return (
            f"{pair} {profile.exons[0]}::{profile.exons[1]}" if profile.exons else f"{pair} Fusion"
        )
    if isinstance(profile, Not):
        return f"NOT {_display(profile.part)}"
    joiner = " AND " if isinstance(profile, And) else " OR "
    return "(" + joiner.join(_display(p) for p in profile.parts) + ")"
