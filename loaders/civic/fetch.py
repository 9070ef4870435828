"""`alkkg fetch civic`: page through CIViC's GraphQL API and write its evidence items as JSON.

The file written is what `alkkg load civic` reads: a JSON list of `evidenceItems` nodes, the form
of `shared/data/civic/civic-alk-evidence-items-2025-10-31.json` (see its PROVENANCE.md), with
`therapyInteractionType`, `variantOrigin` and the source's `clinicalTrials { nctId }` asked for
as well. Nodes are written as the API returned them, in its order, never edited.

The API, as CIViC's own server code defines it (griffithlab/civic-v2):
- `server/app/graphql/resolvers/top_level_evidence_items.rb`: the `evidenceItems` connection.
  Its filters are `status` (`ACCEPTED`), ids, `molecularProfileId`, `variantId`, names, ...; it has
  no gene filter, and `molecularProfileName` is a full-text word-start search (Searchkick), not an
  exact match, so it could miss or add profiles. We therefore ask for every accepted item and
  keep those whose molecular profile has a variant of the gene's feature (`ALK`) or of a fusion
  with it as a partner (`EML4::ALK`, `v::ALK`), from the structured `variants { feature { name }
  }`, not the display name. This is how the shared export was made (refugee8888/ALKfred_parser,
  `src/alkfred/etl/civic_fetch.py`: `evidenceItems(status: ACCEPTED, first: $first, after:
  $after)` over all pages, then a gene filter on the molecular profile); it selects exactly its
  146 items. Results come ordered by level, rating (descending) and id, as in the shared file.
- `server/app/graphql/types/base_connection.rb`: every connection has `totalCount`, `pageInfo
  { hasNextPage endCursor }` and `nodes`; cursor paging with `first`/`after` (graphql-ruby, which
  clamps `first` to the schema's maximum page size, so a page may hold fewer nodes than asked:
  we follow `pageInfo` and never count on the page size).
- `types/entities/evidence_item_type.rb`: `therapyInteractionType`, `variantOrigin`; the source
  type's `clinicalTrials` (`ClinicalTrialType.nctId`).
Responses are the GraphQL envelope `{"data": {"evidenceItems": {...}}}`, or `{"errors": [...]}`.

Failures are `RemoteError`s naming the endpoint and the page. Nothing is written until every page
has arrived, and then atomically, so a failed fetch leaves no partial file and an existing file
as it was. 429 and 503 are retried a bounded number of times, waiting as `Retry-After` says.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kg import __version__
from kg.build.sources import FetchResult
from kg.errors import RemoteError, UsageError
from kg.fetch import Opener, request_json, write_atomically

ENDPOINT = "https://civicdb.org/api/graphql"
USER_AGENT = f"alkkg/{__version__} (CIViC evidence fetch; https://w3id.org/alkkg)"
PAGE_SIZE = 100
RETRIES = 3
"""How many times a 429 or 503 is retried before the fetch fails."""
MAX_WAIT = 120.0
"""The longest `Retry-After` we wait for, in seconds; a longer one fails the fetch."""
MAX_PAGES = 10_000
"""A guard against a remote whose cursor never ends (CIViC's accepted set is ~5,000 items)."""

QUERY = """query AlkkgEvidenceItems($first: Int!, $after: String) {
  evidenceItems(status: ACCEPTED, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id status significance evidenceType evidenceLevel evidenceRating evidenceDirection
      description
      molecularProfile { id name variants { name feature { name } } }
      therapies { name ncitId }
      therapyInteractionType
      disease { doid name diseaseAliases }
      variantOrigin
      source {
        ascoAbstractId citationId pmcId sourceType title publicationYear
        clinicalTrials { nctId }
      }
    }
  }
}"""


def default_out(gene: str = "ALK", day: date | None = None) -> Path:
    """`civic-alk-evidence-items-<date>.json`: the shared export's name, dated by the fetch."""
    return Path(f"civic-{gene.lower()}-evidence-items-{(day or date.today()).isoformat()}.json")


def involves_gene(node: dict[str, Any], gene: str) -> bool:
    """Whether the item's molecular profile has a variant of `gene` or of a fusion with it.

    A feature is a gene (`ALK`) or a fusion (`EML4::ALK`, `v::ALK`: `v` is any partner); the
    profile's other variants (`v::ROS1` in `v::ALK Fusion OR v::ROS1 Fusion`) do not matter.
    """
    wanted = gene.upper()
    variants = (node.get("molecularProfile") or {}).get("variants") or []
    return any(
        wanted in str((variant.get("feature") or {}).get("name", "")).upper().split("::")
        for variant in variants
    )


def fetch_evidence(
    out: Path,
    *,
    gene: str = "ALK",
    endpoint: str = ENDPOINT,
    page_size: int = PAGE_SIZE,
    timeout: float = 60.0,
    retries: int = RETRIES,
    max_wait: float = MAX_WAIT,
    opener: Opener = urllib.request.urlopen,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch CIViC's accepted evidence items involving `gene` into `out` (JSON list of nodes)."""
    if page_size < 1:
        raise UsageError(f"page size must be at least 1, got {page_size}")
    client = _Client(endpoint, timeout, retries, max_wait, opener, sleep)
    nodes: list[dict[str, Any]] = []
    seen: set[object] = set()
    cursor: str | None = None
    total = 0
    pages = 0
    while True:
        pages += 1
        if pages > MAX_PAGES:
            raise RemoteError(f"{endpoint}: more than {MAX_PAGES} pages; stopped")
        where = f"page {pages}" + (f" (after cursor {cursor!r})" if cursor else "")
        connection = client.page(page_size, cursor, where)
        total = connection["totalCount"]
        for node in connection["nodes"]:
            if not isinstance(node, dict) or "id" not in node:
                raise RemoteError(f"{endpoint}: {where}: a node without an id: {str(node)[:80]}")
            if node["id"] not in seen:  # a row moved between pages while we paged
                seen.add(node["id"])
                nodes.append(node)
        info = connection["pageInfo"]
        if not info["hasNextPage"]:
            break
        if not info.get("endCursor") or info["endCursor"] == cursor:
            raise RemoteError(f"{endpoint}: {where}: says there is a next page but gives no cursor")
        cursor = info["endCursor"]
    if len(nodes) != total:
        raise RemoteError(
            f"{endpoint}: the API counts {total} accepted evidence items but its {pages} pages "
            f"held {len(nodes)} (did CIViC change during the fetch? fetch again)"
        )
    kept = [node for node in nodes if involves_gene(node, gene)]
    write_atomically(out, json.dumps(kept, indent=2).encode("utf-8"))
    return FetchResult(out, len(kept), len(nodes), pages, endpoint)


def fetch(out: Path | None = None, **options: str) -> FetchResult:
    """The CIViC source's `fetch` (`kg.build.sources.FetchableSource`): options as the CLI gives
    them (`gene`, `endpoint`, `page_size`), as strings."""
    unknown = set(options) - {"gene", "endpoint", "page_size"}
    if unknown:
        raise UsageError(f"civic: unknown fetch option(s) {', '.join(sorted(unknown))}")
    gene = options.get("gene") or "ALK"
    try:
        page_size = int(options.get("page_size") or PAGE_SIZE)
    except ValueError:
        raise UsageError(
            f"civic: page size must be a number, got {options['page_size']!r}"
        ) from None
    return fetch_evidence(
        out or default_out(gene),
        gene=gene,
        endpoint=options.get("endpoint") or ENDPOINT,
        page_size=page_size,
    )


class _Client:
    """POSTs one GraphQL page request; retries 429/503 politely; checks the envelope."""

    def __init__(
        self,
        endpoint: str,
        timeout: float,
        retries: int,
        max_wait: float,
        opener: Opener,
        sleep: Callable[[float], None],
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.opener = opener
        self.sleep = sleep

    def page(self, first: int, after: str | None, where: str) -> dict[str, Any]:
        """The `evidenceItems` connection of one page, checked for the fields we follow."""
        body = json.dumps({"query": QUERY, "variables": {"first": first, "after": after}})
        payload = self._post(body.encode("utf-8"), where)
        problem = f"{self.endpoint}: {where}:"
        if not isinstance(payload, dict):
            raise RemoteError(f"{problem} the answer is not a GraphQL response object")
        if payload.get("errors"):
            messages = "; ".join(
                str(error.get("message", error)) if isinstance(error, dict) else str(error)
                for error in payload["errors"]
            )
            raise RemoteError(f"{problem} the API reports errors: {messages}")
        connection = (payload.get("data") or {}).get("evidenceItems")
        if (
            not isinstance(connection, dict)
            or not isinstance(connection.get("nodes"), list)
            or not isinstance(connection.get("pageInfo"), dict)
            or not isinstance(connection["pageInfo"].get("hasNextPage"), bool)
            or not isinstance(connection.get("totalCount"), int)
        ):
            raise RemoteError(
                f"{problem} no data.evidenceItems with totalCount, pageInfo and nodes "
                f"(got {json.dumps(payload)[:120]})"
            )
        return connection

    def _post(self, body: bytes, where: str) -> object:
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        return request_json(
            request,
            f"{self.endpoint}: {where}:",
            timeout=self.timeout,
            retries=self.retries,
            max_wait=self.max_wait,
            opener=self.opener,
            sleep=self.sleep,
        )
