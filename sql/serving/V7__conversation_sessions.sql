-- convstore serving store, version 7: each conversation's current session and its KPIs, from the session stage.
-- status is 'open', 'closed' (a conversation.status closed event) or 'idle' (the session ended after the
-- inactivity gap without a close); a conversation that reopens after a close starts a new session (a new
-- session_start_seq, the seq of its first event) naming the previous one. kpis holds the session's summary:
-- duration_ms, event_count, events_by_type, events_by_role, channels, transfers, first_response_ms,
-- agent_responses, mean_agent_response_ms, bot_responses, mean_bot_response_ms, ai_responses,
-- mean_ai_latency_ms, last_sentiment, late_events. Updates are monotonic in (session_start_seq, summary_rank):
-- a replayed or older summary never overwrites a newer one.
ALTER TABLE conversations ADD COLUMN session_start_seq bigint;
ALTER TABLE conversations ADD COLUMN previous_session_start_seq bigint;
ALTER TABLE conversations ADD COLUMN session_opened_at timestamptz;
ALTER TABLE conversations ADD COLUMN closed_at timestamptz;
ALTER TABLE conversations ADD COLUMN close_reason text;
ALTER TABLE conversations ADD COLUMN summary_rank bigint;
ALTER TABLE conversations ADD COLUMN kpis jsonb;
CREATE INDEX conversations_by_status ON conversations (tenant_id, status, updated_at);
