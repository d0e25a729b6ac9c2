"""Each principal's last-write token, kept in Redis and only ever raised, atomically.

Two commits by one principal remember their tokens at the same moment from different
processes; a get → compare → set from Python can interleave and store the older one. One Lua
script does the compare and the set inside Redis instead, where nothing runs in between.

The value is the plain "tx:position" text (not Django's pickled cache value) so the script can
read it; both sides here use the raw redis-py client under Django's cache key (KEY_PREFIX and
version applied), so the test suite's per-run key prefix and its cleanup still cover it.
"""

from __future__ import annotations

from django.core.cache import cache

from shopnest.eventstore.records import Position

TOKEN_TTL_SECONDS = 3600

# KEYS[1]: the principal's key; ARGV[1]: the new "tx:position"; ARGV[2]: TTL in seconds.
# tx is a 64-bit xid8, past the 2^53 a Lua number holds exactly, so the integers are compared
# as decimal text: the longer one is larger, equal lengths compare digit by digit. A stored
# value that does not parse (written by an older release) counts as older than any token.
# The TTL is renewed either way: the principal has just written.
_RAISE_SCRIPT = """
local function less(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end
local new_tx, new_pos = string.match(ARGV[1], "^(%d+):(%d+)$")
local old = redis.call("GET", KEYS[1])
if old then
  local old_tx, old_pos = string.match(old, "^(%d+):(%d+)$")
  if old_tx and not (less(old_tx, new_tx) or (old_tx == new_tx and less(old_pos, new_pos))) then
    redis.call("EXPIRE", KEYS[1], ARGV[2])
    return old
  end
end
redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2])
return ARGV[1]
"""


def _key(principal: str) -> str:
    return cache.make_and_validate_key(f"last-write:{principal}")


def raise_token(principal: str, token: Position) -> None:
    """Store `token` as `principal`'s last write unless a later one is stored already."""
    key = _key(principal)
    client = cache._cache.get_client(key, write=True)
    client.register_script(_RAISE_SCRIPT)(keys=[key], args=[str(token), TOKEN_TTL_SECONDS])


def raise_token_in(pipe, principal: str, token: Position) -> None:
    """Queue the same raise on a pipeline (one round trip with the work beside it). EVAL
    with the script's text: a pipeline's EVALSHA would first ask whether the script is
    loaded, a round trip of its own; Redis keeps the compiled script by its hash anyway."""
    pipe.eval(_RAISE_SCRIPT, 1, _key(principal), str(token), TOKEN_TTL_SECONDS)


def read_token(principal: str) -> Position | None:
    key = _key(principal)
    value = cache._cache.get_client(key).get(key)
    return Position.parse(value.decode()) if value else None
