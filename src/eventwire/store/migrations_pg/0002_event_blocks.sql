-- Merging looks up candidate events by block (country, type), then checks that places and actors
-- are compatible: see eventwire.cluster.
ALTER TABLE events ADD COLUMN block_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX events_block ON events(block_key);
