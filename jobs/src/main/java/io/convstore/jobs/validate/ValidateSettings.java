package io.convstore.jobs.validate;

import java.io.Serializable;

/**
 * Bounds and alarms of the validate stage.
 *
 * @param maxRecordBytes records with a larger value are {@code payload_too_large} dead letters, unparsed
 * @param alarm when the share of dead letters is worth a person's attention
 */
public record ValidateSettings(long maxRecordBytes, DeadLetterAlarm.Settings alarm) implements Serializable {}
