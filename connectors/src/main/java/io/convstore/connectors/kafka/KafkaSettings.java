package io.convstore.connectors.kafka;

import java.io.Serializable;

/**
 * Where the pipeline reads, where it writes refused records and the curated stream.
 *
 * @param curatedTopic the topic of validated, deduplicated, ordered events (exactly once), or null for none
 * @param transactionalIdPrefix the prefix of the curated sink's Kafka transactional ids: unique per job
 * @param bounded when true the source stops at the offsets that are the latest when the job starts (for the
 *     {@code local} command and backfills); when false it runs forever
 */
public record KafkaSettings(
        String bootstrapServers,
        String topic,
        String deadLetterTopic,
        String curatedTopic,
        String transactionalIdPrefix,
        String groupId,
        StartingOffsets startingOffsets,
        boolean bounded) implements Serializable {

    /** Where a job without a checkpoint or savepoint starts reading. */
    public enum StartingOffsets {
        /** The consumer group's committed offsets, or the earliest where the group has none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }
}
