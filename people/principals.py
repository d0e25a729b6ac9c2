"""Who an API key opens: an agent (a Django user with an agent profile) or a customer.

A customer is a contact with a key of their own. They are no Django user, so DRF's
`request.user` for them is a `Customer`, and `request.auth` says which kind of account
called (`actor_type`), which the mediator's context and the permissions read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Customer:
    """The calling contact, as DRF's `request.user`."""

    id: int
    email: str | None
    name: str

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False


@dataclass(frozen=True)
class CustomerKey:
    """The credential a customer called with, as DRF's `request.auth`."""

    contact_id: int

    actor_type = "contact"
    is_admin = False
