"""The command line, run the way a user runs it: a subprocess, exit codes, stdout."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest


def alkkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALKKG_STORE": str(store_path)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120
    )


def alkkg_bytes(store_path: Path, *args: str) -> bytes:
    """stdout as written (text mode would turn a CSV's CRLF into LF)."""
    env = {**os.environ, "ALKKG_STORE": str(store_path)}
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read()


def test_query_json_is_w3c_sparql_results(store_path: Path) -> None:
    done = alkkg(
        store_path,
        "query",
        "agents-active-against",
        "--param",
        "mutation=G1202R",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert "agentLabel" in doc["head"]["vars"]
    labels = {b["agentLabel"]["value"] for b in doc["results"]["bindings"]}
    assert labels == {"lorlatinib"}
    assert all(b["claim"]["type"] == "uri" for b in doc["results"]["bindings"])


def test_query_table_and_csv(store_path: Path) -> None:
    table = alkkg(store_path, "query", "drug-targets", "--param", "drug=crizotinib")
    assert table.returncode == 0 and "ROS1" in table.stdout and "rows)" in table.stdout
    csv = alkkg(
        store_path, "query", "drug-targets", "--param", "drug=crizotinib", "--format", "csv"
    )
    assert csv.stdout.splitlines()[0].startswith("target,targetLabel,source")


def test_csv_is_w3c_plain_values_with_crlf(store_path: Path) -> None:
    out = alkkg_bytes(
        store_path, "query", "drug-targets", "--param", "drug=crizotinib", "--format", "csv"
    )
    assert out.endswith(b"\r\n") and b"\r\n" in out[:-2]
    rows = list(csv.DictReader(io.StringIO(out.decode(), newline="")))
    assert "https://w3id.org/alkkg/id/gene/ROS1" in {row["target"] for row in rows}
    assert "ROS1" in {row["targetLabel"] for row in rows}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_cli_prints_what_the_endpoint_answers(store_path: Path, endpoint: str, fmt: str) -> None:
    """One results writer: the same query gives the same bytes on the command line and HTTP."""
    named = alkkg_bytes(
        store_path, "query", "drug-targets", "--param", "drug=crizotinib", "--format", fmt
    )
    served = http_get(f"{endpoint}/api/drug-targets?drug=crizotinib&format={fmt}")
    text = "SELECT ?l (COUNT(*) AS ?n) WHERE { id:agent\\/lorlatinib rdfs:label ?l } GROUP BY ?l"
    sparql = alkkg_bytes(store_path, "sparql", text, "--format", fmt)
    query = urllib.parse.urlencode({"query": text, "format": fmt})
    served_sparql = http_get(f"{endpoint}/sparql?{query}")
    if fmt in ("csv", "tsv"):  # these end in a newline already: byte for byte
        assert (named, sparql) == (served, served_sparql)
    else:  # the command line ends its output with a newline
        assert (named, sparql) == (
            served.rstrip(b"\n") + b"\n",
            served_sparql.rstrip(b"\n") + b"\n",
        )
    assert b"ROS1" in named and b"lorlatinib" in sparql


def test_unknown_name_is_a_usage_error_with_suggestions(store_path: Path) -> None:
    done = alkkg(store_path, "query", "agents-active-against", "--param", "mutation=G1203R")
    assert done.returncode == 2
    assert "did you mean" in done.stderr and "Traceback" not in done.stderr


def test_sparql_select_ask_and_bad_syntax(store_path: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?l WHERE { id:agent\\/lorlatinib rdfs:label ?l }")
    done = alkkg(store_path, "sparql", str(query), "--format", "tsv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["?l", '"lorlatinib"']  # W3C TSV: terms as in Turtle
    ask = alkkg(store_path, "sparql", "ASK { ?x a alkkg:SecondGenerationALKInhibitor }")
    assert ask.stdout.strip() == "true"  # ceritinib and alectinib, by 000's and 001's words
    as_json = alkkg(
        store_path, "sparql", "ASK { ?x a alkkg:SecondGenerationALKInhibitor }", "--format", "json"
    )
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}
    crizotinib = "<https://w3id.org/alkkg/id/agent/crizotinib>"
    ask = alkkg(store_path, "sparql", f"ASK {{ {crizotinib} a alkkg:NextGenerationALKInhibitor }}")
    assert ask.returncode == 0 and ask.stdout.strip() == "false"
    bad = alkkg(store_path, "sparql", "SELECT * WHERE { ?s ?p }")
    assert bad.returncode == 2 and "syntax error" in bad.stderr and "Traceback" not in bad.stderr
    # a query longer than a file name can be is still a query
    long = "SELECT ?l WHERE { id:agent\\/lorlatinib rdfs:label ?l } " + "#" + "x" * 400
    done = alkkg(store_path, "sparql", long, "--format", "tsv")
    assert done.returncode == 0 and done.stdout.splitlines() == ["?l", '"lorlatinib"'], done.stderr


def test_stats_counts_the_content(store_path: Path) -> None:
    done = alkkg(store_path, "stats")
    assert done.returncode == 0
    counts = {}
    for line in done.stdout.splitlines():
        if "|" in line:
            kind, _, count = line.rpartition("|")
            if count.strip().isdigit():
                counts[kind.strip()] = int(count)
    assert counts["publications"] == 5
    assert counts["claims"] > 900
    assert counts["activity claims"] >= 40 and counts["outcome claims"] >= 100
    assert counts["adverse event claims"] >= 100 and counts["trials"] >= 14
    levelled = sum(n for kind, n in counts.items() if kind.startswith("claims at level"))
    # Every activity, outcome and resistance claim has a level (SHACL requires it).
    kinds = ("activity claims", "outcome claims", "resistance mechanism claims")
    assert levelled >= sum(counts[k] for k in kinds)
    assert counts["claims at level review assertion"] > 0  # "not shown" is said, not hidden


def test_validate_and_export(store_path: Path, tmp_path: Path) -> None:
    assert alkkg(store_path, "validate").returncode == 0
    assert alkkg(store_path, "validate", "--engine", "sparql").returncode == 0
    out = tmp_path / "alkkg.nt"
    assert alkkg(store_path, "export", "--format", "ntriples", "--out", str(out)).returncode == 0
    assert out.stat().st_size > 1_000_000


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    done = alkkg(tmp_path / "nothing-here", "stats")
    assert done.returncode == 1 and "run `alkkg build` first" in done.stderr


def test_export_kgx_and_va_spec(store_path: Path, tmp_path: Path) -> None:
    assert alkkg(store_path, "export", "--format", "kgx", "--out", str(tmp_path)).returncode == 0
    assert (tmp_path / "nodes.tsv").read_text().startswith("id\tcategory\t")
    assert (tmp_path / "edges.tsv").stat().st_size > 10_000
    assert alkkg(store_path, "export", "--format", "kgx").returncode == 2  # needs --out
    done = alkkg(store_path, "export", "--format", "va-spec")
    assert done.returncode == 0 and '"predictsSensitivityTo"' in done.stdout
