-- What `eventwire serve`'s typical queries search and sort on, as SQLite's 0008_api_indexes.sql:
-- `place_key` (ACLED's country: the ISO code, or '=' and the lower-cased country name for a place
-- without one) and `event_week` (the Monday of the event's ISO week), with the same indexes.
-- The place key is a generated column; the week is set by a trigger, because turning text into a
-- date is not immutable in PostgreSQL (it depends on DateStyle) and generated columns must be.
ALTER TABLE events ADD COLUMN place_key TEXT GENERATED ALWAYS AS (
    CASE WHEN coalesce(place_iso, '') = '' THEN '=' || lower(country) ELSE place_iso END) STORED;
ALTER TABLE events ADD COLUMN event_week TEXT;

CREATE FUNCTION eventwire_event_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.event_week := to_char(NEW.event_date::date - (extract(isodow FROM NEW.event_date::date)::integer - 1),
                              'YYYY-MM-DD');
    RETURN NEW;
END
$$;

CREATE TRIGGER events_week BEFORE INSERT OR UPDATE OF event_date ON events
    FOR EACH ROW EXECUTE FUNCTION eventwire_event_week();
UPDATE events SET event_date = event_date;  -- weeks for what earlier versions stored

CREATE INDEX events_date_place ON events(coalesce(event_date, ''), id, latitude, longitude);
DROP INDEX events_date_key;
CREATE INDEX events_place_date ON events(place_key, coalesce(event_date, ''), id);
DROP INDEX events_place_iso;
CREATE INDEX events_type_date ON events(lower(event_type), coalesce(event_date, ''), id, fatalities);
CREATE INDEX events_place_week ON events(place_key, event_week, event_type, fatalities, sub_event_type);
