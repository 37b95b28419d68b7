-- Merging filters candidate events by date gap and precision in SQL, before decoding records.
ALTER TABLE events ADD COLUMN time_precision INTEGER NOT NULL DEFAULT 3;
UPDATE events SET time_precision = COALESCE((record::json ->> 'time_precision')::integer, 3);
