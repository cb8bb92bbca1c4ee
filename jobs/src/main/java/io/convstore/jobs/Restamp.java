package io.convstore.jobs;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sets each record's timestamp from the record itself and passes watermarks through unchanged — unlike
 * {@code assignTimestampsAndWatermarks}, which would replace the source's per-partition watermarks. Needed after
 * operators that emit from processing-time timers (whose output has no timestamp).
 */
public final class Restamp<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, Long> time;

    /** @param time the record's event time in epoch milliseconds */
    public Restamp(KeySelector<T, Long> time) {
        this.time = time;
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        output.collect(element.replace(element.getValue(), time.getKey(element.getValue())));
    }
}
