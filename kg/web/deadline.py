"""uvicorn's HTTP/1.1 protocol with a deadline for reading each request (against slowloris)."""

from __future__ import annotations

import asyncio


def request_deadline(seconds: float) -> type:
    """uvicorn's HTTP/1.1 protocol with a deadline for reading each request.

    uvicorn closes idle keep-alive connections but sets no limit on receiving a request, so a
    client that sends its headers or body a byte at a time (slowloris) could hold a connection,
    and with enough of them every connection slot, for ever. Past the deadline a request that is
    still incomplete gets 408 and the connection is closed.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    timeout = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"connection: close\r\ncontent-length: %d\r\n\r\n%s"
    )
    message = f"the request was not received within {seconds:g} s\n".encode()

    class RequestDeadline(H11Protocol):
        deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            self.deadline = self.loop.call_later(seconds, self._expire)

        def _expire(self) -> None:
            if self.transport.is_closing() or self.conn.their_state not in (
                h11.IDLE,
                h11.SEND_BODY,
            ):
                return  # the request is in: the query timeout governs from here
            if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                self.transport.write(timeout % (len(message), message))
            self.transport.close()

    return RequestDeadline
