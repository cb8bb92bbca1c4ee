-- Question: which were the five longest conversations (sessions) of each day, and what happened in them?
-- Table: convstore.conversation_summaries. The day is the UTC day the session opened; add
-- "WHERE `day` = DATE '2026-12-04'" around it for one day.
SELECT `day`, rank_of_day, tenant_id, conversation_id, minutes, event_count, close_reason, transfers
FROM (
  SELECT CAST(opened_at AS DATE)            AS `day`,
         ROW_NUMBER() OVER (PARTITION BY CAST(opened_at AS DATE)
                            ORDER BY duration_ms DESC, tenant_id, conversation_id) AS rank_of_day,
         tenant_id,
         conversation_id,
         ROUND(duration_ms / 60000.0, 1)    AS minutes,
         event_count,
         close_reason,
         transfers
  FROM conversation_summaries
)
WHERE rank_of_day <= 5
ORDER BY `day`, rank_of_day
