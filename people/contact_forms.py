"""The contact page's edit form: the contact's fields as an agent types them; only the
fields that differ from the contact as the agent saw it become UpdateContact's changes."""

from __future__ import annotations

from typing import Any

from django import forms

from people.domain.contact_fields import LANGUAGES
from shopnest.admin_forms import AsciiIntegerField

TEXT_FIELDS = ("name", "email", "phone", "mobile", "twitter_id", "unique_external_id",
               "address", "job_title", "time_zone")
LIST_FIELDS = ("other_emails", "tags")


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


class ContactForm(forms.Form):
    """The domain checks every value (one set of rules); the form only reads the input."""

    name = forms.CharField()
    email = forms.CharField(required=False)
    other_emails = forms.CharField(required=False, help_text="comma-separated")
    phone = forms.CharField(required=False)
    mobile = forms.CharField(required=False)
    twitter_id = forms.CharField(required=False, label="Twitter")
    unique_external_id = forms.CharField(required=False, label="Unique external ID")
    job_title = forms.CharField(required=False)
    address = forms.CharField(required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(choices=[(code, code) for code in sorted(LANGUAGES)])
    time_zone = forms.CharField(required=False)
    company_id = AsciiIntegerField(required=False, min_value=1, label="Company")
    view_all_tickets = forms.BooleanField(required=False)
    tags = forms.CharField(required=False, help_text="comma-separated")

    @classmethod
    def for_contact(cls, contact: dict[str, Any]) -> ContactForm:
        return cls(initial=cls.initial_for(contact))

    @staticmethod
    def initial_for(contact: dict[str, Any]) -> dict[str, Any]:
        """The form's values for a contact as the API renders it."""
        values = {name: contact[name] or "" for name in (*TEXT_FIELDS, "description")}
        values.update({name: ", ".join(contact[name]) for name in LIST_FIELDS})
        values.update(language=contact["language"], company_id=contact["company_id"] or "",
                      view_all_tickets=contact["view_all_tickets"])
        return values

    def changes(self, contact: dict[str, Any]) -> dict[str, Any]:
        """The fields the agent changed, as UpdateContact takes them (blank: no value)."""
        data = dict(self.cleaned_data)
        typed: dict[str, Any] = {name: data[name] or None for name in (*TEXT_FIELDS,
                                                                     "description")}
        typed.update({name: _listed(data[name]) for name in LIST_FIELDS})
        typed.update(language=data["language"], company_id=data["company_id"],
                     view_all_tickets=data["view_all_tickets"])
        return {name: value for name, value in typed.items() if value != contact[name]}
