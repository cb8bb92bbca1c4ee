-- Question: how many events did each tenant have per day, on each channel?
-- Table: convstore.events (every stored event, once). Days are UTC days of occurred_at; a missing channel
-- shows as 'none'.
SELECT CAST(occurred_at AS DATE)  AS `day`,
       tenant_id,
       COALESCE(channel, 'none')  AS channel,
       COUNT(*)                   AS events,
       COUNT(DISTINCT conversation_id) AS conversations
FROM events
GROUP BY CAST(occurred_at AS DATE), tenant_id, COALESCE(channel, 'none')
ORDER BY `day`, tenant_id, channel
