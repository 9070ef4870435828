"""uvicorn's HTTP/1.1 protocol (httptools) with a deadline for reading each request (against
slowloris) and a cap on the size of its head."""

from __future__ import annotations

import asyncio

MAX_HEAD = 16 * 1024
"""Bytes of a request's URL and headers: past them, 400 and the connection closed."""


class HeadTooLarge(ValueError):
    """Raised in the parser's callback; httptools reports it as a parser error, so uvicorn
    answers 400 and closes the connection."""


def request_deadline(seconds: float) -> type:
    """uvicorn's httptools protocol with a deadline for reading each request.

    uvicorn closes idle keep-alive connections but sets no limit on receiving a request, so a
    client that sends its headers or body a byte at a time (slowloris) could hold a connection,
    and with enough of them every connection slot, for ever. Past the deadline a request that is
    still incomplete gets 408 and the connection is closed. httptools parses in C (h11 in
    Python cost about a third of the server process's time on a request) but sets no limit on
    the size of a request's head, which h11 did (16 KiB): `MAX_HEAD` keeps it.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    timeout = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"connection: close\r\ncontent-length: %d\r\n\r\n%s"
    )
    message = f"the request was not received within {seconds:g} s\n".encode()

    class RequestDeadline(HttpToolsProtocol):
        deadline: asyncio.TimerHandle | None = None
        receiving = False
        """A request is due or coming in (armed at the connection and after each response)."""
        head = 0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.head = 0

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value) + 4)
            super().on_header(name, value)

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self.receiving = False  # the request is in: the query timeout governs from here

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

        def _count(self, size: int) -> None:
            self.head += size
            if self.head > MAX_HEAD:
                raise HeadTooLarge(f"request head over {MAX_HEAD} bytes")

        def _arm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            self.receiving = True
            self.deadline = self.loop.call_later(seconds, self._expire)

        def _expire(self) -> None:
            if self.transport.is_closing() or not self.receiving:
                return
            cycle: RequestResponseCycle | None = self.cycle  # None before the first request
            if cycle is None or cycle.response_complete or not cycle.response_started:
                self.transport.write(timeout % (len(message), message))
            self.transport.close()

    return RequestDeadline
