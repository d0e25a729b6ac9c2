"""Forms of the Agents and Groups pages; each valid form becomes one command."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from people.domain import roles
from people.domain.agent_fields import TICKET_SCOPES
from people.domain.groups import AUTO_TICKET_ASSIGN, UNASSIGNED_FOR
from people.models import GroupView
from shopnest.admin_forms import AsciiIntegerField

SCOPE_LABELS = {1: "Global access", 2: "Group access", 3: "Restricted access"}
ASSIGN_LABELS = {0: "Off", 1: "Round robin", 2: "Skill based", 3: "Load based", 12: "Omniroute"}


def _int_choices(field: forms.Field) -> None:
    field.coerce = int  # type: ignore[attr-defined]


def active_agent_choices() -> list[tuple[int, str]]:
    users = (get_user_model().objects.filter(agent__active=True, is_active=True)
             .order_by("first_name", "last_name", "id"))
    return [(u.id, u.get_full_name() or u.email) for u in users]


def group_choices() -> list[tuple[int, str]]:
    return list(GroupView.objects.filter(deleted=False).order_by("name", "id")
                .values_list("id", "name"))


class AgentForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=150)
    ticket_scope = forms.TypedChoiceField(
        coerce=int, choices=[(s, SCOPE_LABELS[s]) for s in sorted(TICKET_SCOPES)])
    role_ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[(r.id, r.name) for r in roles.ROLES], label="Roles",
        initial=[roles.AGENT.id], widget=forms.CheckboxSelectMultiple)
    group_ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False,
                                               label="Groups",
                                               widget=forms.CheckboxSelectMultiple)
    occasional = forms.BooleanField(required=False)
    signature = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(required=False, max_length=255)
    mobile = forms.CharField(required=False, max_length=255)
    job_title = forms.CharField(required=False, max_length=255)
    language = forms.CharField(max_length=255, initial="en")
    time_zone = forms.CharField(max_length=255, initial="UTC")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_ids"].choices = group_choices()

    def values(self) -> dict:
        """The cleaned values in the shape commands take (blank text is no value)."""
        data = dict(self.cleaned_data)
        for name in ("signature", "phone", "mobile", "job_title"):
            data[name] = data[name] or None
        return data


class AgentEditForm(AgentForm):
    available = forms.BooleanField(required=False)


class GroupForm(forms.Form):
    name = forms.CharField(max_length=255)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    business_hour_id = AsciiIntegerField(required=False, min_value=1)
    escalate_to = forms.TypedChoiceField(coerce=int, choices=(), required=False,
                                         empty_value=None)
    unassigned_for = forms.ChoiceField(choices=[(u, u) for u in UNASSIGNED_FOR], initial="30m")
    auto_ticket_assign = forms.TypedChoiceField(
        coerce=int, choices=[(a, ASSIGN_LABELS[a]) for a in sorted(AUTO_TICKET_ASSIGN)],
        initial=0)
    agent_ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False,
                                               label="Agents",
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agents = active_agent_choices()
        self.fields["escalate_to"].choices = [("", "— nobody —"), *agents]
        self.fields["agent_ids"].choices = agents

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["description"] = data["description"] or None
        return data
