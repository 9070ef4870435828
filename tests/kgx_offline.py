"""Run the KGX validator (kgx's own `validate`) without the network.

kgx 2.6 / bmt 1.5 fetch the Biolink model YAML and JSON-LD contexts from GitHub when kgx is
imported. Point bmt's Toolkit at the biolink_model.yaml shipped in the `biolink-model` wheel
(4.4.6) and fill kgx's context cache from that YAML's prefixes, over the Monarch context shipped in
the `prefixcommons` wheel (Biolink's published context carries the id_prefix namespaces such as
NCIT and HGNC; the YAML alone does not). Our own prefixes (kg.prefixes.KGX_PREFIXES) are added
too: they are not registered with Biolink, and kgx checks every id prefix against its context.

Run as a script (`python tests/kgx_offline.py validate -i tsv nodes.tsv edges.tsv`) so that the
monkey-patching stays out of the test process.
"""

from __future__ import annotations

import importlib.resources as resources
import json
import sys
from pathlib import Path

import yaml


def configure() -> str:
    """Patch bmt and kgx for offline use; return the Biolink model version used."""
    import bmt.toolkit

    schema = str(resources.files("biolink_model") / "schema" / "biolink_model.yaml")
    bmt.toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})
    import kgx.config

    from kg.prefixes import KGX_PREFIXES

    model = yaml.safe_load(Path(schema).read_text())
    registry = resources.files("prefixcommons") / "registry"
    monarch = json.loads((registry / "monarch_context.jsonld").read_text())["@context"]
    kgx.config.jsonld_context_map["biolink"] = {
        **{k: v for k, v in monarch.items() if isinstance(v, str)},
        **model["prefixes"],
        **KGX_PREFIXES,
    }
    for name in ("monarch_context", "obo_context"):
        context = json.loads((registry / f"{name}.jsonld").read_text())
        kgx.config.jsonld_context_map[name] = context.get("@context", context)
    return str(model["version"])


if __name__ == "__main__":
    configure()
    from kgx.cli import cli

    sys.exit(cli())
