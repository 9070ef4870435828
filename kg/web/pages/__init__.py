"""HTML for people: a page per resource IRI, and the query page.

One module per kind of page: `resource` (any IRI: what it is, its properties, the claims about
it, what links to it), with its sections for agents and variants (`activity`) and trials
(`trial`), the claims grouped by kind (`claims`), and the query page (`query`); `html` holds the
page frame and the helpers all of them escape their text with. Resource IRIs under the graph's
base (https://w3id.org/alkkg/) are links to this server; other web IRIs link to where they point.
Pages are made in the query workers (`kg.web.worker`), never on the server's event loop.
"""

from kg.web.pages.html import local_href
from kg.web.pages.query import EXAMPLE, query_page
from kg.web.pages.resource import resource_exists, resource_page

__all__ = ["EXAMPLE", "local_href", "query_page", "resource_exists", "resource_page"]
