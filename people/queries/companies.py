"""Company queries, answered from the company read table with company states;
people/api/companies.py renders them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.db.models.functions import Upper

from people.domain.companies import CompanyState
from people.domain.company_fields import DEFAULT_FIELDS, FieldDefinition
from people.models import CompanyView
from people.projections.company_rows import company_state
from shopnest.mediator import MessageContext
from shopnest.messages import Query

AUTOCOMPLETE_LIMIT = 30
# Companies are listed by name whatever its case (the company_name index).
BY_NAME = Upper("name")


@dataclass(frozen=True)
class ListCompanies(Query):
    reads: ClassVar[tuple[str, ...]] = ("companies",)

    page: int = 1
    per_page: int = 30
    updated_since: datetime | None = None


@dataclass(frozen=True)
class GetCompany(Query):
    reads: ClassVar[tuple[str, ...]] = ("companies",)

    company_id: int


@dataclass(frozen=True)
class AutocompleteCompanies(Query):
    """Companies whose name starts with `name` (any case), by name."""

    reads: ClassVar[tuple[str, ...]] = ("companies",)

    name: str


def _live():
    return CompanyView.objects.filter(deleted=False)


def list_companies(query: ListCompanies, ctx: MessageContext) -> tuple[list[CompanyState], bool]:
    """Companies sorted by name (then id), one page, and whether another follows."""
    rows = _live().order_by(BY_NAME, "id")
    if query.updated_since is not None:
        rows = rows.filter(updated_at__gte=query.updated_since)
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return [company_state(row) for row in page[: query.per_page]], len(page) > query.per_page


def get_company(query: GetCompany, ctx: MessageContext) -> CompanyState | None:
    row = _live().filter(id=query.company_id).values().first()
    return None if row is None else company_state(row)


def autocomplete_companies(query: AutocompleteCompanies, ctx: MessageContext
                           ) -> list[tuple[int, str]]:
    rows = (_live().filter(name__istartswith=query.name).order_by(BY_NAME, "id")
            .values_list("id", "name")[:AUTOCOMPLETE_LIMIT])
    return list(rows)


def company_names(company_ids: Iterable[int | None]) -> dict[int, str]:
    """Return the name of each live company among `company_ids` (for what other contexts
    show beside a company id: a ticket's `include=company`)."""
    wanted = {i for i in company_ids if i is not None}
    if not wanted:
        return {}
    return dict(_live().filter(id__in=wanted).values_list("id", "name"))


@dataclass(frozen=True)
class ListCompanyFields(Query):
    """The company fields of the desk (the default ones: none are configurable yet)."""


def list_company_fields(query: ListCompanyFields, ctx: MessageContext
                        ) -> tuple[FieldDefinition, ...]:
    return DEFAULT_FIELDS
