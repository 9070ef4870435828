"""Web: the HTTP server. `app` routes requests to handlers; queries run in killable worker
processes (`pool`); `guard` screens query text; `pages` renders HTML."""
