-- Merging looks up candidate events by block (day, place, type, sub-event type), then checks
-- that the actors are compatible: see eventwire.cluster.
ALTER TABLE events ADD COLUMN block_key TEXT NOT NULL DEFAULT '';
CREATE INDEX events_block ON events(block_key);
