-- Articles as read; mentions as coded from them; events merged from mentions. The same tables and
-- meaning as SQLite's migrations/0001_initial.sql; records are stored whole as JSON text (msgspec)
-- beside the columns that queries filter on. Keys and sorted columns compare byte-wise (COLLATE
-- "C"), as SQLite does, so that both engines list events in one order.

-- Marks the schema as eventwire's and holds its version; `writes` counts committed batches, so a
-- writer can tell whether another one wrote since its own last batch.
CREATE TABLE eventwire_store (
    application    TEXT NOT NULL DEFAULT 'eventwire',
    schema_version INTEGER NOT NULL DEFAULT 0,
    writes         BIGINT NOT NULL DEFAULT 0
);
INSERT INTO eventwire_store DEFAULT VALUES;

CREATE TABLE articles (
    id          TEXT COLLATE "C" PRIMARY KEY,
    url         TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    published   TEXT,
    language    TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE mentions (
    id             TEXT COLLATE "C" PRIMARY KEY,
    article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
    event_id       TEXT COLLATE "C",
    status         TEXT NOT NULL,
    event_type     TEXT NOT NULL DEFAULT '',
    sub_event_type TEXT NOT NULL DEFAULT '',
    plover_type    TEXT NOT NULL DEFAULT '',
    event_date     TEXT COLLATE "C",
    country        TEXT NOT NULL DEFAULT '',
    record         TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_event ON mentions(event_id);

-- `write_order` stands for SQLite's rowid, which a rewritten event (INSERT OR REPLACE) gets anew:
-- merging tries candidate events in the order they were last written, on both engines.
CREATE TABLE events (
    id             TEXT COLLATE "C" PRIMARY KEY,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date     TEXT COLLATE "C",
    country        TEXT COLLATE "C" NOT NULL DEFAULT '',
    record         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    write_order    BIGSERIAL NOT NULL
);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_country ON events(country);

-- Inputs that could not be read or coded, so that a user can see and fix them.
CREATE TABLE ingest_errors (
    origin   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL
);
