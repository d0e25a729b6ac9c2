"""HTTP Basic with the agent's API key as user name; the password half is ignored."""

from __future__ import annotations

import base64
import binascii

from rest_framework import authentication, exceptions

from people.models import AgentProfile
from shopnest.api.keys import hash_api_key


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
        if not key:
            raise exceptions.AuthenticationFailed()
        profile = (
            AgentProfile.objects.select_related("user")
            # A deactivated agent's key is refused (both rows say so; either suffices).
            .filter(api_key_hash=hash_api_key(key), active=True, user__is_active=True)
            .first()
        )
        if profile is None:
            raise exceptions.AuthenticationFailed()
        return profile.user, profile

    def authenticate_header(self, request) -> str:
        return 'Basic realm="ShopNest Helpdesk"'
