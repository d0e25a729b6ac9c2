"""Forms of the company pages of the back office; each valid form becomes one command."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from people.domain.companies import CompanyState

# The fields the back office edits (custom fields are shown, and changed over the API).
EDITED = ("name", "description", "domains", "note", "health_score", "account_tier",
          "renewal_date", "industry")


class CompanyForm(forms.Form):
    name = forms.CharField(max_length=255)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    domains = forms.CharField(required=False, help_text="comma-separated, e.g. acme.com, acme.org")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    health_score = forms.CharField(max_length=255, required=False)
    account_tier = forms.CharField(max_length=255, required=False)
    renewal_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    industry = forms.CharField(max_length=255, required=False)

    @classmethod
    def for_company(cls, company: CompanyState) -> CompanyForm:
        initial = {name: getattr(company, name) or "" for name in EDITED}
        initial["domains"] = ", ".join(company.domains)
        initial["renewal_date"] = (company.renewal_date or "")[:10]
        return cls(initial=initial)

    def fields_sent(self) -> dict[str, Any]:
        """Return the company's fields as a client would send them (blank: null)."""
        data = dict(self.cleaned_data)
        data["domains"] = [d.strip() for d in data["domains"].split(",") if d.strip()]
        moment: date | None = data["renewal_date"]
        data["renewal_date"] = None if moment is None else f"{moment.isoformat()}T00:00:00Z"
        return {k: (None if v == "" else v) for k, v in data.items()}

    def changes(self, company: CompanyState) -> dict[str, Any]:
        """Return only the fields the agent changed."""
        current = {name: getattr(company, name) for name in EDITED}
        current["domains"] = list(company.domains)
        return {k: v for k, v in self.fields_sent().items() if v != current[k]}
