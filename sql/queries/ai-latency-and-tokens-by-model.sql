-- Question: per AI model, how fast are its replies and how many tokens (and how much money) do they use?
-- Table: convstore.ai_responses (the ai.response type table). Latencies in milliseconds.
SELECT model,
       COUNT(*)                          AS responses,
       ROUND(AVG(CAST(latency_ms AS DOUBLE)), 1)    AS mean_latency_ms,
       ROUND(PERCENTILE(latency_ms, 0.5), 1)  AS p50_latency_ms,
       ROUND(PERCENTILE(latency_ms, 0.95), 1) AS p95_latency_ms,
       SUM(input_tokens)                 AS input_tokens,
       SUM(output_tokens)                AS output_tokens,
       ROUND(AVG(CAST(output_tokens AS DOUBLE)), 1) AS mean_output_tokens,
       SUM(cost_usd)                     AS cost_usd
FROM ai_responses
GROUP BY model
ORDER BY model
