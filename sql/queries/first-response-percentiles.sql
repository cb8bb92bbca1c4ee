-- Question: how quickly do customers get a first answer, per tenant (p50, p90, p99, in seconds)?
-- Table: convstore.conversation_summaries (one row per ended session). first_response_ms is the time from the
-- session's first customer event to the first agent or bot reply; sessions without a reply are left out.
SELECT tenant_id,
       COUNT(*)                                           AS sessions,
       ROUND(PERCENTILE(first_response_ms, 0.5) / 1000, 1)  AS p50_s,
       ROUND(PERCENTILE(first_response_ms, 0.9) / 1000, 1)  AS p90_s,
       ROUND(PERCENTILE(first_response_ms, 0.99) / 1000, 1) AS p99_s
FROM conversation_summaries
WHERE first_response_ms IS NOT NULL
GROUP BY tenant_id
ORDER BY tenant_id
