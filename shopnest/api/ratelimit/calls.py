"""What a call is called and what it costs, from its method, path and `include` parameter.

The names are derived from the URL alone (`<resource>_<action>`), so any API resource gets a
name a sub-limit can refer to without registering it: `GET /api/v2/tickets` is
`tickets_list`, `POST …/tickets` `tickets_create`, `GET …/tickets/7` `tickets_view`,
`PUT …/tickets/7` `tickets_update`, `DELETE …/tickets/7` `tickets_delete`. Other calls
(`/tickets/7/reply`, `/agents/me`) have no name: only the desk's budget applies to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

API_PREFIX = "/api/v2/"

_ID = re.compile(r"[0-9]+")
_COLLECTION_ACTIONS = {"GET": "list", "POST": "create"}
_ITEM_ACTIONS = {"GET": "view", "PUT": "update", "DELETE": "delete"}


def endpoint_name(method: str, path: str) -> str | None:
    """Return the call's `<resource>_<action>` name, or None for a call that has none."""
    segments = [s for s in path.removeprefix(API_PREFIX).split("/") if s]
    method = "GET" if method == "HEAD" else method
    if len(segments) == 1:
        action = _COLLECTION_ACTIONS.get(method)
    elif len(segments) == 2 and _ID.fullmatch(segments[1]):
        action = _ITEM_ACTIONS.get(method)
    else:
        action = None
    return f"{segments[0]}_{action}" if action else None


def call_cost(endpoint: str | None, include: str | None,
              include_credits: Mapping[str, Mapping[str, int]]) -> int:
    """Return the credits a call spends: 1, plus what each distinct resource it embeds with
    `include=` costs on that endpoint (names the endpoint does not price cost nothing)."""
    prices = include_credits.get(endpoint or "", {})
    names = {name.strip() for name in (include or "").split(",")}
    return 1 + sum(prices.get(name, 0) for name in names)
