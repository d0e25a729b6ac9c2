"""Erasing a contact: given the contact / when EraseContact / then ContactErased or a
refusal; a ticket of theirs folds ContactErasedFromTicket into a redacted state."""

from __future__ import annotations

from dataclasses import replace

import pytest

from people.domain.contacts import CONTACT, ContactCreated, ContactErased, ContactState
from people.domain.erasure import (
    ContactNotDeleted,
    ContactNotFound,
    EraseContact,
    decide_erasure,
)
from shopnest.domain.aggregate import DecisionContext
from shopnest.domain.events import ERASED_TEXT
from tickets.domain.aggregate import TICKET
from tickets.domain.erasure import erase_contact_from
from tickets.domain.events import ContactErasedFromTicket

from .ticket_builders import AGENT_ID, REQUESTER_EMAIL, REQUESTER_ID, at, created, reply

CTX = DecisionContext(now=at(30), actor_id=AGENT_ID)


def a_contact() -> ContactState:
    return CONTACT.fold([ContactCreated(contact_id=5, name="Ann Lee", email="ann@example.com",
                                        phone="123", at=at(0))])


def test_a_forced_erasure_erases_the_contact():
    events = decide_erasure(a_contact(), EraseContact(contact_id=5, force=True), CTX)

    assert events == [ContactErased(contact_id=5, at=at(30), actor_id=AGENT_ID)]
    assert CONTACT.fold(events, a_contact()) == ContactState(id=5, updated_at=at(30))


def test_a_contact_not_soft_deleted_is_erased_only_by_force():
    with pytest.raises(ContactNotDeleted):
        decide_erasure(a_contact(), EraseContact(contact_id=5), CTX)


def test_an_unknown_or_erased_contact_is_not_found():
    erased = CONTACT.fold([ContactErased(contact_id=5, at=at(1))], a_contact())

    for state in (ContactState(), erased):
        with pytest.raises(ContactNotFound):
            decide_erasure(state, EraseContact(contact_id=5, force=True), CTX)


def a_ticket_with_replies():
    customer = replace(reply(10, 1, incoming=True), from_email=REQUESTER_EMAIL)
    agent = replace(reply(11, 2), to_emails=[REQUESTER_EMAIL], body="<p>Sorry</p>")
    return TICKET.fold([created(cc_emails=["boss@example.com"]), customer, agent])


def test_erasing_the_requester_redacts_what_they_are_and_wrote_and_keeps_the_agents_words():
    ticket = a_ticket_with_replies()

    [event] = erase_contact_from(ticket, REQUESTER_ID, opened=True, ctx=CTX)
    after = TICKET.evolve(ticket, event)

    assert event == ContactErasedFromTicket(contact_id=REQUESTER_ID, opened=True, at=at(30),
                                            actor_id=AGENT_ID)
    assert (after.subject, after.description, after.requester_email, after.cc_emails) == (
        None, None, None, ())
    customer, agent = after.conversations[10], after.conversations[11]
    assert (customer.body, customer.body_text, customer.from_email) == (
        ERASED_TEXT, ERASED_TEXT, None)
    assert (agent.body, agent.to_emails) == ("<p>Sorry</p>", ())
    assert after.requester_id == REQUESTER_ID and after.status == ticket.status


def test_a_ticket_they_did_not_open_keeps_its_subject():
    ticket = a_ticket_with_replies()

    [event] = erase_contact_from(ticket, REQUESTER_ID, opened=False, ctx=CTX)

    assert TICKET.evolve(ticket, event).subject == ticket.subject


def test_no_ticket_no_event():
    assert erase_contact_from(TICKET.initial, REQUESTER_ID, opened=True, ctx=CTX) == []
