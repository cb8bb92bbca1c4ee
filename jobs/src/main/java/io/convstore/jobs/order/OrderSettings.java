package io.convstore.jobs.order;

import java.io.Serializable;
import java.time.Duration;

/**
 * Bounds of the order stage.
 *
 * @param dedupTtl how long an event id is remembered for duplicate detection
 * @param maxBufferedEvents the most out-of-order events held per conversation before the oldest gap is given up
 * @param maxWait the longest an out-of-order event waits for its gap to fill (processing time)
 * @param conversationTtl how long a conversation's sequence position is kept after its last event; a conversation
 *     silent for longer starts again as new (events without a producer seq are numbered from 1 again)
 */
public record OrderSettings(Duration dedupTtl, int maxBufferedEvents, Duration maxWait, Duration conversationTtl)
        implements Serializable {}
