"""Web: the HTTP server. `app` makes the app and routes to the handlers (`sparql`, `api`,
`resources`), which pick formats by one rule (`negotiation`); queries run as typed `jobs` in
killable `worker` processes (`pool`); `replies` turns results and errors into responses; `guard`
screens query text; `pages` renders HTML; `deadline` cuts off slow clients."""
