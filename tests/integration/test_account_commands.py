"""Django's createsuperuser and changepassword go through the mediator here."""

from __future__ import annotations

import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from people.models import AgentProfile
from shopnest.eventstore.store import read_stream


def _email() -> str:
    return f"boss-{uuid.uuid4().hex[:8]}@shopnest.example"


def test_createsuperuser_registers_an_administrator_agent(monkeypatch):
    email = _email()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "s3cret")
    out = io.StringIO()

    call_command("createsuperuser", email=email, name="The Boss", interactive=False, stdout=out)

    profile = AgentProfile.objects.select_related("user").get(user__email=email)
    assert profile.is_admin and profile.user.is_superuser
    assert [e.type for e in read_stream(f"agent-{profile.user_id}")] == ["AgentRegistered"]
    assert f"agent id: {profile.user_id}" in out.getvalue()
    assert Client().login(username=email, password="s3cret")


def test_createsuperuser_refuses_a_duplicate_email(monkeypatch):
    email = _email()
    call_command("createsuperuser", email=email, interactive=False, stdout=io.StringIO())

    with pytest.raises(CommandError, match="email"):
        call_command("createsuperuser", email=email, interactive=False, stdout=io.StringIO())


def test_changepassword_sends_a_command():
    email = _email()
    call_command("createagent", email=email, name="Cleo", password="old", stdout=io.StringIO())
    agent_id = get_user_model().objects.get(email=email).id

    call_command("changepassword", email, password="new", stdout=io.StringIO())

    assert [e.type for e in read_stream(f"agent-{agent_id}")] == [
        "AgentRegistered", "AgentPasswordChanged"]
    assert Client().login(username=email, password="new")


def test_changepassword_of_an_unknown_email_is_an_error():
    with pytest.raises(CommandError, match="no agent"):
        call_command("changepassword", "nobody@shopnest.example", password="x")
