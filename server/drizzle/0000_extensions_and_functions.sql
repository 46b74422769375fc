CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The outbox sequencer's numbering run (server/src/events/outbox.ts numberPending) in one round trip: lock the
-- workspace row, number its committed unnumbered events in the order they were written, bump its sequence. Each
-- statement of a volatile plpgsql function takes a new snapshot, so after waiting for the lock the UPDATE sees
-- what the previous run numbered. The lock is FOR NO KEY UPDATE, not FOR UPDATE: every transaction that inserts a
-- row referencing the workspace holds a KEY SHARE lock on it until it commits, which FOR UPDATE waits for (1.3 ms of
-- a 1.5 ms run in bench B1) and NO KEY UPDATE does not; numbering runs still exclude each other.
CREATE FUNCTION number_events(ws bigint)
RETURNS TABLE (workspace_id bigint, seq bigint, type text, audience jsonb, payload jsonb, created_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  last_seq bigint;
  numbered bigint;
BEGIN
  SELECT w.event_seq INTO last_seq FROM workspaces w WHERE w.id = ws FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY
    UPDATE events e SET seq = last_seq + p.n
    FROM (SELECT u.id, row_number() OVER (ORDER BY u.id) AS n FROM events u WHERE u.workspace_id = ws AND u.seq IS NULL) p
    WHERE e.id = p.id
    RETURNING e.workspace_id, e.seq, e.type, e.audience, e.payload, e.created_at;
  GET DIAGNOSTICS numbered = ROW_COUNT;
  IF numbered > 0 THEN
    UPDATE workspaces SET event_seq = last_seq + numbered WHERE id = ws;
  END IF;
END
$$;
