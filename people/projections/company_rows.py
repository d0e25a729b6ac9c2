"""Company rows and the company states they hold (lossless, like the contact rows)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from people.domain.companies import COMPANY, CompanyState
from shopnest.domain.data import from_data, to_data
from shopnest.eventstore.streams import Stream
from shopnest.timestamps import format_datetime

_COMPANY_COLUMNS = tuple(f.name for f in fields(CompanyState) if f.name not in ("exists", "id"))
JSON_COLUMNS = ("custom_fields",)


def company_row(company: Stream[CompanyState]) -> dict[str, Any]:
    data = to_data(company.state)
    return {"id": company.key, "version": company.version,
            **{name: data[name] for name in _COMPANY_COLUMNS}}


def company_state(row: dict[str, Any]) -> CompanyState:
    return from_data(CompanyState, {"exists": True, "id": row["id"],
                                    **{name: format_datetime(row[name])
                                       for name in _COMPANY_COLUMNS}})


def company_stream(row: dict[str, Any]) -> Stream[CompanyState]:
    return Stream(COMPANY, row["id"], company_state(row), row["version"])
