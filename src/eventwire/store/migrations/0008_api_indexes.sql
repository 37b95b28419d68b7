-- Indexes that bound what `eventwire serve`'s typical queries read (issue #13: p95 < 100 ms over
-- a million events). Reading an event's JSON record costs microseconds a row; an index entry a
-- fraction of that. So every index below carries, after the columns it is searched and ordered by,
-- the values the query then tests or sums: SQLite reads a VIRTUAL generated column's value from an
-- index that holds it instead of recomputing it from the record, so the walk never touches the
-- table until the page's own rows are fetched. Everything is derived by SQLite itself: no writer
-- changes, and nothing needs back-filling beyond building the indexes (done here, for old rows too).

-- One value per place for ACLED's `country`: the ISO code, or, for a place without one, its
-- country name (lower-cased as COLLATE NOCASE folds, '=' first so no name can equal a code).
-- With it the country filter is one IN list over one index, not an OR that forces a scan.
ALTER TABLE events ADD COLUMN place_key TEXT GENERATED ALWAYS AS (
    CASE WHEN ifnull(place_iso, '') = '' THEN '=' || lower(country) ELSE place_iso END) VIRTUAL;

-- The Monday of the event's ISO week, for the dashboard's weekly timeline (NULL when undated).
ALTER TABLE events ADD COLUMN event_week TEXT GENERATED ALWAYS AS (
    date(event_date, '-' || ((CAST(strftime('%w', event_date) AS INTEGER) + 6) % 7) || ' days')) VIRTUAL;

-- Keyset order over everything, carrying the point, so a box on the map (`bbox`) is tested on
-- the index while walking the dates. Replaces migration 6's events_date_key(date, id).
CREATE INDEX events_date_place ON events(ifnull(event_date, ''), id, latitude, longitude);
DROP INDEX events_date_key;

-- A country (or region, or iso) in date order: `country=Nigeria&event_date=...` seeks straight to
-- the country's dates. Replaces migration 6's events_place_iso.
CREATE INDEX events_place_date ON events(place_key, ifnull(event_date, ''), id);
DROP INDEX events_place_iso;

-- An event type in date order with its fatalities: `event_type=Battles&fatalities=5&..._where=>=`.
-- NOCASE because ACLED's text filters ignore case.
CREATE INDEX events_type_date ON events(event_type COLLATE NOCASE, ifnull(event_date, ''), id, fatalities);

-- The timeline of a country: weeks and types in order, events counted and fatalities summed
-- from the index alone. Scanned whole, it also answers the unfiltered timeline and the type and
-- sub-type facets the dashboard opens with, at a fraction of a table scan's cost.
CREATE INDEX events_place_week ON events(place_key, event_week, event_type, fatalities, sub_event_type);
