-- What `eventwire serve` filters, sorts and searches on, kept in step with `events` by SQLite
-- itself (generated columns, indexes and triggers), so that no Python write path changes.

-- ACLED's filter fields, read from the stored record. VIRTUAL: computed on read, no extra storage.
ALTER TABLE events ADD COLUMN place_iso TEXT GENERATED ALWAYS AS (json_extract(record, '$.place.iso')) VIRTUAL;
ALTER TABLE events ADD COLUMN place_admin1 TEXT GENERATED ALWAYS AS (json_extract(record, '$.place.admin1')) VIRTUAL;
ALTER TABLE events ADD COLUMN latitude REAL GENERATED ALWAYS AS (json_extract(record, '$.place.latitude')) VIRTUAL;
ALTER TABLE events ADD COLUMN longitude REAL GENERATED ALWAYS AS (json_extract(record, '$.place.longitude')) VIRTUAL;
ALTER TABLE events ADD COLUMN fatalities INTEGER GENERATED ALWAYS AS (ifnull(json_extract(record, '$.fatalities'), 0)) VIRTUAL;
ALTER TABLE events ADD COLUMN disorder_type TEXT GENERATED ALWAYS AS (ifnull(json_extract(record, '$.disorder_type'), '')) VIRTUAL;
ALTER TABLE events ADD COLUMN actor1 TEXT GENERATED ALWAYS AS (ifnull(json_extract(record, '$.actor1.label'), '')) VIRTUAL;
ALTER TABLE events ADD COLUMN actor2 TEXT GENERATED ALWAYS AS (ifnull(json_extract(record, '$.actor2.label'), '')) VIRTUAL;
ALTER TABLE events ADD COLUMN inter1 INTEGER GENERATED ALWAYS AS (ifnull(json_extract(record, '$.actor1.inter'), 0)) VIRTUAL;
ALTER TABLE events ADD COLUMN inter2 INTEGER GENERATED ALWAYS AS (ifnull(json_extract(record, '$.actor2.inter'), 0)) VIRTUAL;

-- Keyset paging walks these in order, so that a deep page costs what the first one does.
CREATE INDEX events_date_key ON events(ifnull(event_date, ''), id);
CREATE INDEX events_updated_key ON events(updated_at, id);
CREATE INDEX events_place_iso ON events(place_iso);

-- A stable integer key per event id: the FTS rowid. (The events table's own rowid is not stable:
-- INSERT OR REPLACE gives a new one, and VACUUM may renumber it.)
CREATE TABLE event_keys (
    key      INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE
);

-- Every source (publisher) an event's values came from: ACLED's `source` column, one row each.
CREATE TABLE event_sources (
    event_id TEXT NOT NULL,
    source   TEXT NOT NULL,
    PRIMARY KEY (source, event_id)
) WITHOUT ROWID;
CREATE INDEX event_sources_event ON event_sources(event_id);

-- Full text of each event's notes and evidence sentences, for `q=`.
CREATE VIRTUAL TABLE events_fts USING fts5(notes, evidence, tokenize = 'unicode61 remove_diacritics 2');

-- Writers replace an event row whole (INSERT OR REPLACE), which fires no DELETE trigger, so the
-- insert trigger first drops what the event's previous version left.
CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_keys(event_id) VALUES (NEW.id);
    DELETE FROM events_fts WHERE rowid = (SELECT key FROM event_keys WHERE event_id = NEW.id);
    INSERT INTO events_fts(rowid, notes, evidence) VALUES (
        (SELECT key FROM event_keys WHERE event_id = NEW.id),
        ifnull(json_extract(NEW.record, '$.notes'), ''),
        (SELECT ifnull(group_concat(text, char(10)), '') FROM (
            SELECT DISTINCT json_extract(v.value, '$.evidence.text') AS text
            FROM json_each(NEW.record, '$.values') AS f, json_each(f.value) AS v
            WHERE text IS NOT NULL))
    );
    DELETE FROM event_sources WHERE event_id = NEW.id;
    INSERT OR IGNORE INTO event_sources(event_id, source)
        SELECT NEW.id, json_extract(v.value, '$.source')
        FROM json_each(NEW.record, '$.values') AS f, json_each(f.value) AS v
        WHERE ifnull(json_extract(v.value, '$.source'), '') != '';
END;

CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = (SELECT key FROM event_keys WHERE event_id = OLD.id);
    DELETE FROM event_sources WHERE event_id = OLD.id;
    DELETE FROM event_keys WHERE event_id = OLD.id;
END;

CREATE TRIGGER events_search_update AFTER UPDATE OF record ON events BEGIN
    DELETE FROM events_fts WHERE rowid = (SELECT key FROM event_keys WHERE event_id = OLD.id);
    INSERT INTO events_fts(rowid, notes, evidence) VALUES (
        (SELECT key FROM event_keys WHERE event_id = NEW.id),
        ifnull(json_extract(NEW.record, '$.notes'), ''),
        (SELECT ifnull(group_concat(text, char(10)), '') FROM (
            SELECT DISTINCT json_extract(v.value, '$.evidence.text') AS text
            FROM json_each(NEW.record, '$.values') AS f, json_each(f.value) AS v
            WHERE text IS NOT NULL))
    );
    DELETE FROM event_sources WHERE event_id = NEW.id;
    INSERT OR IGNORE INTO event_sources(event_id, source)
        SELECT NEW.id, json_extract(v.value, '$.source')
        FROM json_each(NEW.record, '$.values') AS f, json_each(f.value) AS v
        WHERE ifnull(json_extract(v.value, '$.source'), '') != '';
END;

-- Index what earlier versions stored.
INSERT INTO event_keys(event_id) SELECT id FROM events ORDER BY rowid;
INSERT INTO events_fts(rowid, notes, evidence)
    SELECT k.key, ifnull(json_extract(e.record, '$.notes'), ''),
        (SELECT ifnull(group_concat(text, char(10)), '') FROM (
            SELECT DISTINCT json_extract(v.value, '$.evidence.text') AS text
            FROM json_each(e.record, '$.values') AS f, json_each(f.value) AS v
            WHERE text IS NOT NULL))
    FROM events AS e JOIN event_keys AS k ON k.event_id = e.id;
INSERT OR IGNORE INTO event_sources(event_id, source)
    SELECT e.id, json_extract(v.value, '$.source')
    FROM events AS e, json_each(e.record, '$.values') AS f, json_each(f.value) AS v
    WHERE ifnull(json_extract(v.value, '$.source'), '') != '';
