-- Articles are keyed by content hash only; the id an input gave (a JSONL "id") is kept beside it,
-- so that two different articles with one supplied id are both stored and the clash reported.
ALTER TABLE articles ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
-- As on SQLite: a key that is not 16 hex digits was an earlier eventwire's supplied id.
UPDATE articles SET source_id = id WHERE NOT (length(id) = 16 AND id ~ '^[0-9a-f]+$');
CREATE INDEX articles_source_id ON articles(source_id) WHERE source_id <> '';
