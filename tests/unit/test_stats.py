"""Ticket stats derived from events: responses and status timestamps."""

from tickets.api.representation import stats_json
from tickets.domain.events import TicketPriorityChanged

from .ticket_builders import a_ticket, a_ticket_stream, at, note, reply, status_changed


def test_a_new_ticket_has_only_its_status_time():
    assert stats_json(a_ticket()) == {
        "agent_responded_at": None,
        "requester_responded_at": None,
        "first_responded_at": None,
        "status_updated_at": at(0),
        "reopened_at": None,
        "resolved_at": None,
        "closed_at": None,
        "pending_since": None,
    }


def test_setting_a_ticket_pending_records_since_when():
    stats = a_ticket(status_changed(3, 2, 10)).stats

    assert (stats.pending_since, stats.status_updated_at) == (at(10), at(10))


def test_resolving_a_ticket_records_when():
    assert a_ticket(status_changed(4, 2, 10)).stats.resolved_at == at(10)


def test_closing_an_unresolved_ticket_also_resolves_it():
    stats = a_ticket(status_changed(5, 2, 10)).stats

    assert (stats.closed_at, stats.resolved_at) == (at(10), at(10))


def test_closing_a_resolved_ticket_keeps_its_resolution_time_and_is_no_reopening():
    stats = a_ticket(status_changed(4, 2, 10), status_changed(5, 4, 20)).stats

    assert (stats.resolved_at, stats.closed_at, stats.reopened_at) == (at(10), at(20), None)


def test_moving_a_resolved_ticket_back_to_open_reopens_it():
    assert a_ticket(status_changed(4, 2, 10), status_changed(2, 4, 20)).stats.reopened_at == at(20)


def test_moving_a_closed_ticket_to_pending_reopens_it():
    stats = a_ticket(status_changed(5, 2, 10), status_changed(3, 5, 20)).stats

    assert (stats.reopened_at, stats.pending_since) == (at(20), at(20))


def test_a_status_change_between_open_statuses_is_no_reopening():
    assert a_ticket(status_changed(3, 2, 10), status_changed(2, 3, 20)).stats.reopened_at is None


def test_a_ticket_created_closed_is_closed_and_resolved_from_the_start():
    stats = a_ticket(status=5).stats

    assert (stats.closed_at, stats.resolved_at) == (at(0), at(0))


def test_the_first_agent_reply_is_the_first_response_and_later_ones_are_not():
    stats = a_ticket(reply(10, 5), reply(11, 15)).stats

    assert (stats.first_responded_at, stats.agent_responded_at) == (at(5), at(15))


def test_a_requester_reply_is_no_agent_response():
    stats = a_ticket(reply(10, 5, incoming=True)).stats

    assert stats.requester_responded_at == at(5)
    assert (stats.agent_responded_at, stats.first_responded_at) == (None, None)


def test_notes_are_no_responses():
    stats = a_ticket(note(10, 5, private=False)).stats

    assert (stats.agent_responded_at, stats.first_responded_at) == (None, None)


def test_every_event_counts_as_a_version_and_moves_updated_at():
    ticket = a_ticket_stream(TicketPriorityChanged(priority=3, at=at(5)), note(10, 9))
    state = ticket.state

    assert (ticket.version, state.updated_at, state.priority) == (3, at(9), 3)
