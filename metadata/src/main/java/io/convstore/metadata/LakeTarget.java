package io.convstore.metadata;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The lake table of one interaction type: the envelope columns every table has (see
 * {@link Envelopes#LAKE_COLUMNS}), then {@code columns}, partitioned by {@code partition} (Iceberg transform
 * expressions such as {@code day(occurred_at)}, {@code bucket(4, tenant_id)}).
 */
public record LakeTarget(String table, List<LakeColumn> columns, List<String> partition,
        Map<String, String> properties) implements Serializable {}
