"""The change feed: the event store opened to API clients, in commit-safe order, resumable.

`GET /api/v2/events?after=CURSOR&limit=N[&stream_type=T]` answers a page of events and the
cursor to resume after it; `GET /api/v2/events/stream` serves the same as server-sent events.
docs/change_feed.md is the reader's guide; the design in short:

- **Order and resumption** (reader.py). A page is read as a projection reads a batch: in
  `(tx, position)` order, only below the appenders' horizon (eventstore/horizon.py), so no
  event can later appear behind a cursor. The cursor is the position reached: the last event
  the page scanned, or, when the scan reached the horizon, the horizon itself, exactly as
  the projection runner moves its checkpoint. A poll with nothing new still moves forward,
  and resuming from any cursor gives no gap and no repeat.
- **Cursors** (cursor.py) are opaque and signed: a client can only hand back a position this
  feed gave it; anything else is a 400.
- **Visibility** (visibility.py). The kernel knows no stream type. Each bounded context
  registers, per stream type it owns, what it shows of its events and to whom; a stream type
  nobody registered (claims, customer keys, anything internal) is never shown, nor read. A
  context judges a whole batch at once (one query, never one per event), and may answer
  "not yet" when its read side has not caught up: the page then stops before that event.
- **Bounded scans.** A request scans at most SHOPNEST_FEED_SCAN_LIMIT events whatever it
  finds, so a caller who may see little still gets a page (maybe empty) whose cursor has
  moved past what it may not see.
- **Streams** (streaming.py, slots.py). A server-sent event stream holds a web thread, so it
  lives at most SHOPNEST_FEED_STREAM_SECONDS and then ends (the client reconnects with
  Last-Event-ID after the `retry:` it was given), a process serves at most
  SHOPNEST_FEED_STREAMS of them at once (429 with Retry-After beyond), and no database
  connection is held while a stream waits between polls.
"""
