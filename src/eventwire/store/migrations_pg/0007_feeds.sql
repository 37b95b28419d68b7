-- What `eventwire watch` knows about each feed it polls, and the items it has already seen; the
-- same tables as SQLite's migrations/0007_feeds.sql (times are ISO 8601 text in UTC).
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    interval_s    INTEGER NOT NULL DEFAULT 0,
    next_poll_at  TEXT NOT NULL DEFAULT '',
    last_poll_at  TEXT NOT NULL DEFAULT '',
    last_status   TEXT NOT NULL DEFAULT '',
    last_error    TEXT NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    new_items     INTEGER NOT NULL DEFAULT 0,
    events_made   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
    id           BIGSERIAL PRIMARY KEY,
    feed_url     TEXT NOT NULL,
    guid         TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',
    seen_at      TEXT NOT NULL
);
CREATE INDEX feed_items_guid ON feed_items(guid);
CREATE INDEX feed_items_url ON feed_items(url);
CREATE INDEX feed_items_hash ON feed_items(content_hash);
