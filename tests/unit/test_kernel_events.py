"""The kernel's event registry: one class per stored type name, read back through upcasters.

Every class declared here registers itself for good, so each test names its types afresh
(`fresh_type`): the registry never holds two tests' classes under one name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import uuid4

import pytest

from shopnest.domain.events import (
    DomainEvent,
    DuplicateEventType,
    UnknownEventType,
    decode,
    event_class,
    registered_events,
)
from tickets.domain.events import TicketCreated


def fresh_type(name):
    return f"Test{name}{uuid4().hex}"


def test_a_declared_event_class_is_found_by_its_type_name():
    type_name = fresh_type("Parcel")

    @dataclass(frozen=True)
    class ParcelShipped(DomainEvent):
        TYPE: ClassVar[str] = type_name
        parcel_id: int

    assert event_class(type_name) is ParcelShipped
    assert decode(type_name, 1, {"parcel_id": 3, "at": "2024-05-01T09:00:00Z"}) == ParcelShipped(
        parcel_id=3, at="2024-05-01T09:00:00Z")


def test_two_event_classes_cannot_claim_one_type_name():
    type_name = fresh_type("Duplicate")

    @dataclass(frozen=True)
    class First(DomainEvent):
        TYPE: ClassVar[str] = type_name

    with pytest.raises(DuplicateEventType, match=type_name):

        @dataclass(frozen=True)
        class Second(DomainEvent):
            TYPE: ClassVar[str] = type_name

    assert event_class(type_name) is First


def test_a_family_base_without_a_type_is_not_registered_but_its_events_are():
    type_name = fresh_type("Returned")

    @dataclass(frozen=True)
    class ParcelEvent(DomainEvent):
        """The family of a parcel's events: no TYPE of its own."""

    @dataclass(frozen=True)
    class ParcelReturned(ParcelEvent):
        TYPE: ClassVar[str] = type_name

    assert ParcelReturned in registered_events()
    assert ParcelEvent not in registered_events()


def parcel_v2(type_name):
    """Declare a v2 event whose v1 held `weight_g` in grams and had no `carrier`."""

    @dataclass(frozen=True)
    class ParcelWeighed(DomainEvent):
        TYPE: ClassVar[str] = type_name
        SCHEMA_VERSION: ClassVar[int] = 2
        UPCASTERS: ClassVar = {1: lambda data: {
            **{key: value for key, value in data.items() if key != "weight_g"},
            "weight_kg": data["weight_g"] / 1000,
            "carrier": "post",
        }}

        parcel_id: int
        weight_kg: float
        carrier: str

    return ParcelWeighed


def test_an_old_schema_version_is_upcast_into_the_current_shape():
    type_name = fresh_type("Weighed")
    cls = parcel_v2(type_name)
    stored_v1 = {"parcel_id": 3, "weight_g": 1500, "at": "2024-05-01T09:00:00Z", "actor_id": 7}

    event = decode(type_name, 1, stored_v1)

    assert event == cls(parcel_id=3, weight_kg=1.5, carrier="post", at="2024-05-01T09:00:00Z",
                        actor_id=7)


def test_the_current_schema_version_is_read_as_stored():
    type_name = fresh_type("Weighed")
    cls = parcel_v2(type_name)
    event = cls(parcel_id=3, weight_kg=2.0, carrier="courier", at="2024-05-01T09:00:00Z")

    assert decode(type_name, 2, event.to_data()) == event


def test_decoding_does_not_change_the_stored_data():
    type_name = fresh_type("Weighed")
    parcel_v2(type_name)
    stored_v1 = {"parcel_id": 3, "weight_g": 1500, "at": "2024-05-01T09:00:00Z"}

    decode(type_name, 1, stored_v1)

    assert stored_v1 == {"parcel_id": 3, "weight_g": 1500, "at": "2024-05-01T09:00:00Z"}


def test_a_schema_version_without_an_upcaster_from_every_older_one_is_refused():
    type_name = fresh_type("NoUpcaster")

    with pytest.raises(TypeError, match="upcaster"):

        @dataclass(frozen=True)
        class ParcelLost(DomainEvent):
            TYPE: ClassVar[str] = type_name
            SCHEMA_VERSION: ClassVar[int] = 2


def test_an_unknown_type_cannot_be_read():
    type_name = fresh_type("NeverDeclared")

    with pytest.raises(UnknownEventType, match=type_name):
        decode(type_name, 1, {})
    with pytest.raises(UnknownEventType, match=type_name):
        event_class(type_name)


def test_a_schema_version_from_a_newer_release_cannot_be_read():
    type_name = fresh_type("Weighed")
    parcel_v2(type_name)
    data = {"parcel_id": 3, "weight_kg": 1.0, "carrier": "post", "at": "2024-05-01T09:00:00Z"}

    with pytest.raises(UnknownEventType, match="newer release"):
        decode(type_name, 3, data)
    with pytest.raises(UnknownEventType, match="newer release"):
        decode(TicketCreated.TYPE, TicketCreated.SCHEMA_VERSION + 1, {})
