-- What `eventwire serve` filters, sorts and searches on, kept in step with `events` by the
-- database itself (one trigger), so that no Python write path changes. SQLite's version uses
-- generated columns and FTS5; here one BEFORE trigger reads each written record once and fills
-- plain columns, a tsvector and the event's sources.

ALTER TABLE events
    ADD COLUMN place_iso TEXT,
    ADD COLUMN place_admin1 TEXT,
    ADD COLUMN latitude DOUBLE PRECISION,
    ADD COLUMN longitude DOUBLE PRECISION,
    ADD COLUMN fatalities INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN disorder_type TEXT NOT NULL DEFAULT '',
    ADD COLUMN actor1 TEXT NOT NULL DEFAULT '',
    ADD COLUMN actor2 TEXT NOT NULL DEFAULT '',
    ADD COLUMN inter1 INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN inter2 INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN search TSVECTOR NOT NULL DEFAULT ''::tsvector;

-- Keyset paging walks these in order, so that a deep page costs what the first one does.
CREATE INDEX events_date_key ON events(coalesce(event_date, ''), id);
CREATE INDEX events_updated_key ON events(updated_at, id);
CREATE INDEX events_place_iso ON events(place_iso);
CREATE INDEX events_search ON events USING gin(search);

-- Every source (publisher) an event's values came from: ACLED's `source` column, one row each.
CREATE TABLE event_sources (
    event_id TEXT COLLATE "C" NOT NULL,
    source   TEXT NOT NULL,
    PRIMARY KEY (source, event_id)
);
CREATE INDEX event_sources_event ON event_sources(event_id);

CREATE FUNCTION eventwire_index_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc json := NEW.record::json;
BEGIN
    NEW.place_iso := doc -> 'place' ->> 'iso';
    NEW.place_admin1 := doc -> 'place' ->> 'admin1';
    NEW.latitude := (doc -> 'place' ->> 'latitude')::double precision;
    NEW.longitude := (doc -> 'place' ->> 'longitude')::double precision;
    NEW.fatalities := coalesce((doc ->> 'fatalities')::integer, 0);
    NEW.disorder_type := coalesce(doc ->> 'disorder_type', '');
    NEW.actor1 := coalesce(doc -> 'actor1' ->> 'label', '');
    NEW.actor2 := coalesce(doc -> 'actor2' ->> 'label', '');
    NEW.inter1 := coalesce((doc -> 'actor1' ->> 'inter')::integer, 0);
    NEW.inter2 := coalesce((doc -> 'actor2' ->> 'inter')::integer, 0);
    NEW.search := to_tsvector('simple', coalesce(doc ->> 'notes', '') || E'\n' || coalesce((
        SELECT string_agg(DISTINCT v -> 'evidence' ->> 'text', E'\n')
        FROM json_each(doc -> 'values') AS f, json_array_elements(f.value) AS v), ''));
    DELETE FROM event_sources WHERE event_id = NEW.id;
    INSERT INTO event_sources(event_id, source)
        SELECT DISTINCT NEW.id, v ->> 'source'
        FROM json_each(doc -> 'values') AS f, json_array_elements(f.value) AS v
        WHERE coalesce(v ->> 'source', '') <> '';
    RETURN NEW;
END
$$;

CREATE TRIGGER events_index BEFORE INSERT OR UPDATE OF record ON events
    FOR EACH ROW EXECUTE FUNCTION eventwire_index_event();

CREATE FUNCTION eventwire_unindex_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM event_sources WHERE event_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER events_unindex AFTER DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION eventwire_unindex_event();

-- Index what earlier versions stored (the trigger fills every column of a rewritten row).
UPDATE events SET record = record;
