"""HTTP Basic with an agent's or a customer's API key as user name; the password half is
ignored."""

from __future__ import annotations

import base64
import binascii

from rest_framework import authentication, exceptions

from people.models import AgentProfile, ContactView, CustomerKeyView
from people.principals import Customer, CustomerKey
from shopnest.api.keys import hash_api_key
from shopnest.domain import storable


def customer_of(key_hash: str) -> Customer | None:
    """The contact whose customer key this is (a key whose contact is deleted or erased is
    revoked by its own event, so the key row alone decides)."""
    contact_id = (CustomerKeyView.objects.filter(key_hash=key_hash)
                  .values_list("contact_id", flat=True).first())
    if contact_id is None:
        return None
    # The contact's row names them for the history; it may trail the key by a moment.
    row = ContactView.objects.filter(id=contact_id).values("email", "name").first() or {}
    return Customer(id=contact_id, email=row.get("email"), name=row.get("name") or "")


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
        profile = (
            AgentProfile.objects.select_related("user")
            # A deactivated agent's key is refused (both rows say so; either suffices).
            .filter(api_key_hash=key_hash, active=True, user__is_active=True)
            .first()
        )
        if profile is not None:
            return profile.user, profile
        customer = customer_of(key_hash)
        if customer is None:
            raise exceptions.AuthenticationFailed()
        return customer, CustomerKey(customer.id)

    def authenticate_header(self, request) -> str:
        return 'Basic realm="ShopNest Helpdesk"'
