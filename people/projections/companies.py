"""The companies projection: company streams → the company read table."""

from __future__ import annotations

from people.domain.companies import COMPANY
from people.models import CompanyView
from people.projections.company_rows import JSON_COLUMNS, company_row, company_stream
from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert

COMPANY_TABLE = CompanyView._meta.db_table


class CompaniesProjection(AggregateProjection):
    name = "companies"
    aggregate = COMPANY
    tables = (COMPANY_TABLE,)

    def stored_versions(self, keys):
        return dict(CompanyView.objects.filter(id__in=keys).values_list("id", "version"))

    def load(self, keys):
        return {row["id"]: company_stream(row)
                for row in CompanyView.objects.filter(id__in=keys).values()}

    def save(self, changes: list[Change]) -> None:
        bulk_upsert(COMPANY_TABLE, [company_row(after) for _, after in changes], key=("id",),
                    json_columns=JSON_COLUMNS)
