"""Freshdesk paging: page/per_page validation and the `Link: <…>; rel="next"` header."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from shopnest.api.errors import FieldError, field_error
from shopnest.api.integers import parse_integer

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
# Far beyond any real use; keeps OFFSET arithmetic and the database sane.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _int(params, name: str, default: int, maximum: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    number = parse_integer(raw)
    if number is None or number < 1 or number > maximum:
        message = (f"It should be a Positive Integer less than or equal to {maximum}"
                   if name == "per_page" else "It should be a Positive Integer")
        raise FieldError([field_error(name, message, "invalid_value")])
    return number


def page_request(params, *, max_page: int | None = None) -> PageRequest:
    """Validate `page` and `per_page` (last value wins when a parameter repeats)."""
    page = _int(params, "page", 1, MAX_PAGE)
    if max_page is not None and page > max_page:
        raise FieldError([field_error(
            "page",
            "You cannot access tickets beyond the 300th page. Please provide a smaller page number.",
            "invalid_value",
        )])
    return PageRequest(page=page, per_page=_int(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE))


def next_link(request, page: PageRequest) -> str:
    """Return the Link header value for the next page, keeping every original parameter."""
    flat = [(key, values[-1]) for key, values in request.GET.lists()
            if key not in ("page", "per_page")]
    flat += [("page", str(page.page + 1)), ("per_page", str(page.per_page))]
    base = settings.SHOPNEST_BASE_URL.rstrip("/") or f"{request.scheme}://{request.get_host()}"
    return f'<{base}{request.path}?{urlencode(flat)}>; rel="next"'
