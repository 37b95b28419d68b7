-- Articles as read; mentions as coded from them; events merged from mentions.
-- Records are stored whole as JSON (msgspec) beside the columns that queries filter on.
CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
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
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id),
    event_id       TEXT,
    status         TEXT NOT NULL,
    event_type     TEXT NOT NULL DEFAULT '',
    sub_event_type TEXT NOT NULL DEFAULT '',
    plover_type    TEXT NOT NULL DEFAULT '',
    event_date     TEXT,
    country        TEXT NOT NULL DEFAULT '',
    record         TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_event ON mentions(event_id);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date     TEXT,
    country        TEXT NOT NULL DEFAULT '',
    record         TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_country ON events(country);

-- Inputs that could not be read or coded, so that a user can see and fix them.
CREATE TABLE ingest_errors (
    origin   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL
);
