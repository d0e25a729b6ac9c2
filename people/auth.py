"""HTTP Basic with an agent's or a customer's API key as user name; the password half is
ignored."""

from __future__ import annotations

import base64
import binascii

from django.db import connection
from rest_framework import authentication, exceptions

from people.models import AgentProfile, ContactView, CustomerKeyView
from people.principals import Customer, CustomerKey
from shopnest.api.keys import hash_api_key
from shopnest.domain import storable


def customer_of(key_hash: str) -> Customer | None:
    """The contact whose customer key this is, while the contact is not deleted (an erased
    contact has no row at all)."""
    row = (ContactView.objects.filter(
        deleted=False,
        id__in=CustomerKeyView.objects.filter(key_hash=key_hash).values("contact_id"))
        .values("id", "email", "name").first())
    return Customer(**row) if row else None


# Whose agent key is still good: one row, by the key's hash. A deactivated agent's key is
# refused (both rows say so; either suffices); the version changes with every change to the
# agent, so a rotated key, a new role or scope is seen by the very next call. The row's ids
# and write time go with it: a version number alone is no identity (another agent, or the
# same id in a database restored since, may be at the same version).
_AGENT_KEY_SQL = (
    "SELECT p.id, p.user_id, p.version, p.updated_at FROM people_agent p "
    "JOIN auth_user u ON u.id = p.user_id WHERE p.api_key_hash = %s AND p.active "
    "AND u.is_active")
_KNOWN_AGENTS_MAX = 10_000


class _KnownAgent:
    """An agent's rows as loaded at `version` (the row's ids, version and write time), to
    build fresh model instances from."""

    def __init__(self, profile: AgentProfile):
        self.version = (profile.id, profile.user_id, profile.version, profile.updated_at)
        self.profile = _field_values(profile)
        self.user = _field_values(profile.user)

    def instances(self) -> AgentProfile:
        # Fresh instances for every call: a view may set attributes on request.user.
        profile = AgentProfile(**self.profile)
        profile.user = AgentProfile.user.field.related_model(**self.user)
        return profile


def _field_values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


_known_agents: dict[str, _KnownAgent] = {}


def agent_of(key_hash: str) -> AgentProfile | None:
    """The active agent holding this key (their user at `.user`), or None.

    Every call asks the database whether the key is still an active agent's and at which
    version (one indexed row); the rows themselves are loaded again only when that version
    moved, so a call pays one small query, not the ORM's join and two model loads."""
    with connection.cursor() as cursor:
        cursor.execute(_AGENT_KEY_SQL, [key_hash])
        row = cursor.fetchone()
    if row is None:
        _known_agents.pop(key_hash, None)
        return None
    known = _known_agents.get(key_hash)
    if known is None or known.version != row:
        profile = (AgentProfile.objects.select_related("user")
                   .filter(api_key_hash=key_hash, active=True, user__is_active=True).first())
        if profile is None:
            return None
        if len(_known_agents) >= _KNOWN_AGENTS_MAX:
            _known_agents.clear()
        known = _known_agents[key_hash] = _KnownAgent(profile)
    return known.instances()


class ApiKeyBasicAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Basic base64("<api_key>:<anything>")`."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request)
        if not header:
            return None
        scheme, _, encoded = header.partition(b" ")
        if scheme.lower() != b"basic" or not encoded.strip():
            raise exceptions.AuthenticationFailed()
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed() from None
        key = decoded.partition(":")[0]
        if not key or storable.text_problem(key):
            raise exceptions.AuthenticationFailed()
        key_hash = hash_api_key(key)
        profile = agent_of(key_hash)
        if profile is not None:
            return profile.user, profile
        customer = customer_of(key_hash)
        if customer is None:
            raise exceptions.AuthenticationFailed()
        return customer, CustomerKey(customer.id)

    def authenticate_header(self, request) -> str:
        return 'Basic realm="ShopNest Helpdesk"'
