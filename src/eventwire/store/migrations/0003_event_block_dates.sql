-- Blocks no longer hold the day: merging looks up a block's events within a window of dates.
DROP INDEX events_block;
CREATE INDEX events_block_date ON events(block_key, event_date);
