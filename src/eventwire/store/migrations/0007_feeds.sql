-- What `eventwire watch` knows about each feed it polls, and the items it has already seen.

-- One row per feed: what to send next time (conditional headers), when to poll it, and its
-- health as `eventwire feeds` shows it. Times are ISO 8601 in UTC.
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    interval_s    INTEGER NOT NULL DEFAULT 0,   -- the feed's own pace, within the watch's bounds
    next_poll_at  TEXT NOT NULL DEFAULT '',     -- '': due now
    last_poll_at  TEXT NOT NULL DEFAULT '',
    last_status   TEXT NOT NULL DEFAULT '',     -- '200', '304', '429', 'error', ...
    last_error    TEXT NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,   -- errors in a row: the backoff doubles with each
    items_seen    INTEGER NOT NULL DEFAULT 0,   -- items read from the feed, new or not, in all
    new_items     INTEGER NOT NULL DEFAULT 0,   -- items coded, in all
    events_made   INTEGER NOT NULL DEFAULT 0    -- events created or updated by them, in all
);

-- Every item coded (or found unusable), so that it is coded once: by its GUID within a feed
-- (or anywhere, for a GUID that is a URI), by its link, and by a hash of its text, so the same
-- story carried by two feeds is coded once.
CREATE TABLE feed_items (
    id           INTEGER PRIMARY KEY,
    feed_url     TEXT NOT NULL,
    guid         TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',
    seen_at      TEXT NOT NULL
);
CREATE INDEX feed_items_guid ON feed_items(guid);
CREATE INDEX feed_items_url ON feed_items(url);
CREATE INDEX feed_items_hash ON feed_items(content_hash);
