package io.convstore.connectors.serving;

import java.io.Serializable;
import java.time.Duration;

/**
 * The serving store's connection and write policy.
 *
 * @param flushInterval the longest a written event waits in the sink's batch: the read-after-write bound
 * @param batchSize the most rows sent in one batch
 */
public record ServingSettings(
        String jdbcUrl, String user, String password, Duration flushInterval, int batchSize, int maxRetries)
        implements Serializable {}
