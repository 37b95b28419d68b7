-- Merging looks up a block's events within a window of dates (a B-tree on block and date) and,
-- on PostgreSQL, within a radius of the mention's place (PostGIS, a GiST index). The radius only
-- narrows the search: events whose place is an area, has no point, or has the mention's place key
-- are always candidates, because eventwire.cluster.places_compatible may join them at any distance.
DROP INDEX events_block;
CREATE INDEX events_block_date ON events(block_key, event_date);
ALTER TABLE events ADD COLUMN place_point geography(Point, 4326);
ALTER TABLE events ADD COLUMN merge_place_key TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN place_is_area BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX events_place_point ON events USING gist(place_point);
