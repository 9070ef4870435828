"""`alkkg fetch ctgov NCT...`: study records from the ClinicalTrials.gov API v2, for `alkkg load ctgov`.

The API's single-study endpoint, `GET https://clinicaltrials.gov/api/v2/studies/<NCT id>`, answers
with the study record as JSON (`{"protocolSection": ..., "resultsSection": ..., "hasResults":
...}`, the form of `shared/data/ctgov/NCT02210780.json`); an unknown NCT id is HTTP 404 and a
malformed one HTTP 400, both with a plain-text body; a retired alias redirects to the current
record. Records are written as the API returned them, never edited:

* `--out FILE` (or no `--out`): one file `alkkg load ctgov` reads whole: the study itself for one
  NCT id, the API's list form `{"studies": [...]}` for several;
* `--out DIR/` (an existing directory): one file per study, `DIR/<NCT id>.json`.

Nothing is written until every study has arrived, and each file is written atomically, so a failed
fetch leaves no partial file and an existing file as it was. 429 and 503 are retried a bounded
number of times, waiting as `Retry-After` says. Failures are `RemoteError`s naming the URL.
"""

from __future__ import annotations

import json
import re
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

ENDPOINT = "https://clinicaltrials.gov/api/v2/studies"
USER_AGENT = f"alkkg/{__version__} (ClinicalTrials.gov study fetch; https://w3id.org/alkkg)"
RETRIES = 3
MAX_WAIT = 120.0
NCT = re.compile(r"^NCT\d{8}$")


def parse_ids(text: str) -> list[str]:
    """NCT ids separated by commas or spaces, each checked; the same id once."""
    ids: list[str] = []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        nct = word.upper()
        if not NCT.match(nct):
            raise UsageError(f"ctgov: {word!r} is not an NCT id (NCT and 8 digits, NCT02210780)")
        if nct not in ids:
            ids.append(nct)
    if not ids:
        raise UsageError("ctgov: name the studies to fetch: alkkg fetch ctgov NCT02210780 ...")
    return ids


def default_out(ids: list[str], day: date | None = None) -> Path:
    when = (day or date.today()).isoformat()
    return Path(f"ctgov-{ids[0]}-{when}.json" if len(ids) == 1 else f"ctgov-studies-{when}.json")


def fetch_studies(
    ids: list[str],
    out: Path,
    *,
    endpoint: str = ENDPOINT,
    timeout: float = 60.0,
    retries: int = RETRIES,
    max_wait: float = MAX_WAIT,
    opener: Opener = urllib.request.urlopen,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch each study of `ids` and write them to `out` (a file, or a directory: one file each)."""
    studies: list[dict[str, Any]] = []
    for nct in ids:
        url = f"{endpoint.rstrip('/')}/{nct}"
        study = _get(url, timeout, retries, max_wait, opener, sleep)
        if not isinstance(study, dict) or not isinstance(study.get("protocolSection"), dict):
            raise RemoteError(
                f"{url}: the answer is not a study record with protocolSection "
                f"(got {json.dumps(study)[:120]})"
            )
        studies.append(study)
    if out.is_dir():
        for study in studies:
            nct = study["protocolSection"].get("identificationModule", {}).get("nctId", "")
            if not NCT.match(str(nct)):
                raise RemoteError(f"{endpoint}: a study without an NCT id in its record")
            write_atomically(out / f"{nct}.json", _dump(study))
    else:
        write_atomically(out, _dump(studies[0] if len(studies) == 1 else {"studies": studies}))
    return FetchResult(out, len(studies), len(ids), len(studies), endpoint)


def fetch(out: Path | None = None, **options: str) -> FetchResult:
    """The ClinicalTrials.gov source's `fetch` (`kg.build.sources.FetchableSource`): options as
    strings, `ids` (NCT ids, comma- or space-separated) and `endpoint`."""
    unknown = set(options) - {"ids", "endpoint"}
    if unknown:
        raise UsageError(
            f"ctgov: unknown fetch option(s) {', '.join(sorted(unknown))} (ctgov fetches studies "
            "by NCT id; it takes the ids and --endpoint)"
        )
    ids = parse_ids(options.get("ids") or "")
    return fetch_studies(ids, out or default_out(ids), endpoint=options.get("endpoint") or ENDPOINT)


def _dump(value: object) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8")


def _get(
    url: str,
    timeout: float,
    retries: int,
    max_wait: float,
    opener: Opener,
    sleep: Callable[[float], None],
) -> object:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    explain = {404: " (no such study)", 400: " (not an NCT id the API accepts)"}
    return request_json(
        request,
        f"{url}:",
        timeout=timeout,
        retries=retries,
        max_wait=max_wait,
        opener=opener,
        sleep=sleep,
        explain=explain,
    )
