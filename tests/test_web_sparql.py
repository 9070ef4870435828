"""The protocol endpoint's form decoding: what `urllib.parse.parse_qs` gives, faster."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.web.sparql import _parameters

QUERY = 'SELECT ?s WHERE { ?s <http://x/p> "a=b & c+d%" ; ?p 12.5e3 } # 100% é\r\n'


def _expected(raw: bytes) -> dict[str, list[str]] | str:
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return "not UTF-8"


def _decoded(raw: bytes) -> dict[str, list[str]] | str:
    try:
        return _parameters(raw, "form")
    except QueryError:
        return "not UTF-8"


def test_a_query_and_its_parameters_decode_as_sent() -> None:
    body = urlencode([("query", QUERY), ("default-graph-uri", "http://g/1"), ("x", "")])
    assert _parameters(body.encode(), "form") == {
        "query": [QUERY],
        "default-graph-uri": ["http://g/1"],
        "x": [""],
    }


@pytest.mark.parametrize(
    "raw",
    [b"q=%", b"q=%4", b"q=%zz", b"q=%%41", b"q=a=%41", b"q=%41%0A", b"q=%0d%0a", b"q=%41=\n",
     b"&&q&=x", b"q=%E2%82", b"q=%C3%A9+%2B+", b"a%3Db=c%26d"],
)  # fmt: skip
def test_odd_escapes_decode_as_urllib_decodes_them(raw: bytes) -> None:
    assert _decoded(raw) == _expected(raw)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=40) | st.text(alphabet="ab=&%+ _\r\n2Ffz0é", max_size=40).map(str.encode))
def test_any_body_decodes_as_urllib_decodes_it(raw: bytes) -> None:
    assert _decoded(raw) == _expected(raw)
