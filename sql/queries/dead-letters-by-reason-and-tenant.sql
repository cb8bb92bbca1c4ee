-- Question: what is being refused, for whom, and since when?
-- Table: convstore.dead_letters (every refused record, with its original bytes). A tenant that could not be read
-- from the record shows as 'unknown'. Replay with ./convstore dlq replay once the cause is fixed.
SELECT reason,
       COALESCE(tenant_id, 'unknown') AS tenant_id,
       COUNT(*)                       AS dead_letters,
       SUM(value_bytes)               AS total_bytes,
       MIN(refused_at)                AS first_refused_at,
       MAX(refused_at)                AS last_refused_at
FROM dead_letters
GROUP BY reason, COALESCE(tenant_id, 'unknown')
ORDER BY dead_letters DESC, reason, tenant_id
