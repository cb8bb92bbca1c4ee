-- convstore serving store, version 2: the per-type serving projection (metadata `serving:`).
-- preview: a short text for lists of conversations; attributes: small typed fields for filtering.
ALTER TABLE conversation_events ADD COLUMN preview text;
ALTER TABLE conversation_events ADD COLUMN attributes jsonb;
