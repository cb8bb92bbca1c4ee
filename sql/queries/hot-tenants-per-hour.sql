-- Question: which tenants ran hot, hour by hour — how many minutes over the hot share, at what peak share?
-- Table: convstore.tenant_traffic (one row per tenant and minute; kind 'final' is the minute as decided when it
-- closed, 'update'/'late' rows correct it). A minute is hot when the tenant's share of all events is above
-- convstore.traffic.hot-share.
SELECT FLOOR(window_start TO HOUR)    AS `hour`,
       tenant_id,
       COUNT(*)                        AS hot_minutes,
       ROUND(MAX(share), 3)            AS peak_share,
       SUM(events)                     AS events_in_hot_minutes
FROM tenant_traffic
WHERE kind = 'final' AND hot
GROUP BY FLOOR(window_start TO HOUR), tenant_id
ORDER BY `hour`, hot_minutes DESC, tenant_id
