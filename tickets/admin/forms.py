"""Forms of the ticket page; each valid form becomes one command."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from shopnest.admin_forms import AsciiIntegerField
from tickets.domain.codes import Priority, Status
from tickets.models import PRIORITY_CHOICES, STATUS_CHOICES


def agent_choices() -> list[tuple[str, str]]:
    users = get_user_model().objects.filter(agent__isnull=False, is_active=True).order_by("first_name")
    return [("", "— unassigned —")] + [(str(u.id), u.get_full_name() or u.email) for u in users]


class PropertiesForm(forms.Form):
    """Status, priority, group, agent and the descriptive fields, with the version seen."""

    version = AsciiIntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(max_length=255, required=False)
    type = forms.CharField(max_length=255, required=False)
    status = forms.TypedChoiceField(choices=STATUS_CHOICES, coerce=int)
    priority = forms.TypedChoiceField(choices=PRIORITY_CHOICES, coerce=int)
    group_id = AsciiIntegerField(required=False, min_value=1, label="Group")
    responder_id = forms.TypedChoiceField(choices=(), coerce=int, empty_value=None,
                                          required=False, label="Agent")
    tags = forms.CharField(required=False, help_text="comma-separated")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responder_id"].choices = agent_choices()

    @classmethod
    def for_row(cls, row: dict) -> PropertiesForm:
        return cls(initial=cls.data_for_row(row))

    @staticmethod
    def data_for_row(row: dict) -> dict:
        values = {k: row[k] for k in ("version", "subject", "type", "status", "priority",
                                      "group_id", "responder_id")}
        values = {k: "" if v is None else v for k, v in values.items()}
        return {**values, "tags": ", ".join(row["tags"] or [])}

    def changes(self, row: dict) -> dict:
        """Return only the fields the agent changed (the domain ignores equal values too)."""
        return self.changes_from(self.cleaned_data, row)

    @staticmethod
    def changes_from(cleaned: dict, row: dict) -> dict:
        data = dict(cleaned)
        data["tags"] = [t.strip() for t in data["tags"].split(",") if t.strip()]
        data["subject"] = data["subject"] or None
        data["type"] = data["type"] or None
        del data["version"]
        return {k: v for k, v in data.items() if v != (list(row[k] or []) if k == "tags" else row[k])}


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reply")


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Note")
    private = forms.BooleanField(required=False, initial=True)


class NoteEditForm(forms.Form):
    conversation_id = AsciiIntegerField(widget=forms.HiddenInput)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ConversationDeleteForm(forms.Form):
    conversation_id = AsciiIntegerField(widget=forms.HiddenInput)


class NewTicketForm(forms.Form):
    email = forms.EmailField(label="Requester e-mail")
    name = forms.CharField(required=False, label="Requester name")
    subject = forms.CharField(max_length=255)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
    status = forms.TypedChoiceField(choices=STATUS_CHOICES, coerce=int, initial=Status.OPEN)
    priority = forms.TypedChoiceField(choices=PRIORITY_CHOICES, coerce=int, initial=Priority.LOW)
