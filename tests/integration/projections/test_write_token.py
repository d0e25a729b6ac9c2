"""The read-your-writes token in the real Redis: it only ever moves forward.

Two commits by one principal finish in either order and remember their tokens at the same
moment; whatever the interleaving, the token left stored is the larger one, or a later read
would not wait for the newer write and would miss it without saying so.
"""

from __future__ import annotations

import random
import threading

from django.core.cache import cache

from shopnest.eventstore.records import Position
from shopnest.projections import consistency, write_tokens
from tests.integration.eventstore.helpers import thread_pool
from tests.integration.mediator.tickets import agent, open_ticket_command, send

WRITERS = 8
ROUNDS = 20
# Transaction ids that cross a power of ten, so "99:…" < "100:…" is only true numerically.
TOKENS = [Position(tx, position) for tx in range(95, 105) for position in range(1, 16)]


def _remember_all_at_once(principal: str, tokens: list[Position]) -> None:
    """Each writer thread remembers its share of `tokens` in ascending order, as one client's
    successive commits would; all threads start together, so the largest tokens of every share
    land at about the same moment, where a lost update would leave an older one stored."""
    start = threading.Barrier(WRITERS)

    def write(share: list[Position]) -> None:
        start.wait(timeout=10)
        for token in share:
            consistency.remember_write(principal, token)

    with thread_pool(WRITERS) as submit:
        futures = [submit(write, sorted(tokens[i::WRITERS])) for i in range(WRITERS)]
        for future in futures:
            future.result(timeout=30)


def test_concurrent_writes_leave_the_largest_token_stored():
    shuffle = random.Random(20240611)
    stored = {}
    for round_ in range(ROUNDS):
        principal = f"agent:race-{round_}"
        tokens = TOKENS[:]
        shuffle.shuffle(tokens)
        _remember_all_at_once(principal, tokens)
        stored[principal] = consistency.last_write(principal)

    largest = max(TOKENS)
    assert stored == {principal: largest for principal in stored}


def test_an_older_token_never_replaces_a_newer_one():
    consistency.remember_write("agent:7", Position(10, 1))

    consistency.remember_write("agent:7", Position(9, 5))  # "9:5" > "10:1" as text
    consistency.remember_write("agent:7", Position(10, 0))
    consistency.remember_write("agent:7", Position(10, 1))

    assert consistency.last_write("agent:7") == Position(10, 1)


def test_a_newer_token_replaces_an_older_one():
    consistency.remember_write("agent:7", Position(9, 5))
    consistency.remember_write("agent:7", Position(9, 12))  # "12" < "5" as text
    assert consistency.last_write("agent:7") == Position(9, 12)

    consistency.remember_write("agent:7", Position(10, 1))  # "10:1" < "9:…" as text
    assert consistency.last_write("agent:7") == Position(10, 1)


def test_each_principal_has_a_token_of_its_own():
    consistency.remember_write("agent:7", Position(10, 1))
    consistency.remember_write("agent:8", Position(3, 3))

    assert consistency.last_write("agent:7") == Position(10, 1)
    assert consistency.last_write("agent:8") == Position(3, 3)
    assert consistency.last_write("agent:9") is None


def test_transaction_ids_past_what_a_lua_number_holds_still_compare_exactly():
    # 2**53 + 1 and 2**53 are one double; the comparison must not go through Lua numbers.
    consistency.remember_write("agent:7", Position(2**53, 1))
    consistency.remember_write("agent:7", Position(2**53 + 1, 1))

    assert consistency.last_write("agent:7") == Position(2**53 + 1, 1)


def test_the_token_expires_an_hour_after_the_principals_last_write():
    consistency.remember_write("agent:7", Position(10, 1))
    consistency.remember_write("agent:7", Position(9, 1))

    key = write_tokens._key("agent:7")
    ttl = cache._cache.get_client(key).ttl(key)
    assert write_tokens.TOKEN_TTL_SECONDS - 5 <= ttl <= write_tokens.TOKEN_TTL_SECONDS


def test_a_value_left_by_an_older_release_does_not_block_new_tokens():
    # Releases before the atomic maximum stored the token as a pickled Django cache value.
    cache.set("last-write:agent:7", "10:1", 60)

    consistency.remember_write("agent:7", Position(3, 3))

    assert consistency.last_write("agent:7") == Position(3, 3)


def test_a_command_succeeds_while_the_cache_is_unreachable(settings):
    settings.CACHES = {"default": {**settings.CACHES["default"],
                                   "LOCATION": "redis://127.0.0.1:1/0"}}

    outcome = send(open_ticket_command(), agent(7))

    assert outcome.token is not None
    assert consistency.last_write("agent:7") is None
