-- The plain Flink SQL pipeline convstore is measured against (`./convstore bench full`): the same Kafka topic into
-- the same kinds of tables, with the same flush and checkpoint settings, but no validation, no ordering, no state,
-- no dead letters and one lake table instead of one per type. ${...} are filled in by the benchmark.

CREATE TEMPORARY TABLE source_events (
    event_id        STRING,
    tenant_id       STRING,
    conversation_id STRING,
    `type`          STRING,
    type_version    INT,
    seq             BIGINT,
    occurred_at     TIMESTAMP_LTZ(3),
    channel         STRING,
    actor           ROW<`role` STRING, id STRING>,
    payload         STRING,  -- the JSON object as text
    kafka_partition INT              METADATA FROM 'partition' VIRTUAL,
    kafka_offset    BIGINT           METADATA FROM 'offset' VIRTUAL,
    kafka_timestamp TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
) WITH (
    'connector' = 'kafka',
    'topic' = '${topic}',
    'properties.bootstrap.servers' = '${bootstrap}',
    'properties.group.id' = 'convstore-baseline',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json',
    'json.timestamp-format.standard' = 'ISO-8601',
    'json.ignore-parse-errors' = 'true'
);

-- An upsert by event id: the plain way to survive producer retries (duplicates) without state in the job.
CREATE TEMPORARY TABLE serving_events (
    tenant_id        STRING,
    conversation_id  STRING,
    seq              BIGINT,
    event_id         STRING,
    `type`           STRING,
    type_version     INT,
    occurred_at      TIMESTAMP(3),  -- UTC (the JDBC connector has no TIMESTAMP_LTZ)
    actor_role       STRING,
    actor_id         STRING,
    channel          STRING,
    source_partition INT,
    source_offset    BIGINT,
    kafka_timestamp  TIMESTAMP(3),
    payload          STRING,
    PRIMARY KEY (tenant_id, conversation_id, event_id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc',
    'url' = '${jdbc_url}',
    'username' = '${jdbc_user}',
    'password' = '${jdbc_password}',
    'table-name' = 'baseline_events',
    'sink.buffer-flush.interval' = '${flush_interval}',
    'sink.buffer-flush.max-rows' = '${batch_size}'
);

-- named like convstore's own Iceberg catalog: a JDBC catalog keeps its tables per catalog name
CREATE CATALOG convstore WITH (${lake_catalog});

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO serving_events
    SELECT tenant_id, conversation_id, COALESCE(seq, 0), event_id, `type`, COALESCE(type_version, 1),
           CAST(occurred_at AS TIMESTAMP(3)), actor.`role`, actor.id, channel, kafka_partition, kafka_offset,
           CAST(kafka_timestamp AS TIMESTAMP(3)), payload
    FROM source_events;

    INSERT INTO convstore.baseline.events
    SELECT tenant_id, conversation_id, COALESCE(seq, 0), event_id, `type`, COALESCE(type_version, 1), occurred_at,
           kafka_timestamp, actor.`role`, actor.id, channel, seq, CAST(0 AS BIGINT), FALSE, kafka_partition,
           kafka_offset, payload
    FROM source_events;
END;
