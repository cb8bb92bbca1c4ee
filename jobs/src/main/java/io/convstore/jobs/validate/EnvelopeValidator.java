package io.convstore.jobs.validate;

import io.convstore.event.DeadLetter;
import io.convstore.event.DecodeResult;
import io.convstore.event.EnvelopeDecoder;
import io.convstore.event.Event;
import io.convstore.metadata.Registry;
import io.convstore.event.RawRecord;
import io.convstore.jobs.Accounting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * validate: turns raw Kafka records into {@link Event}s. A record that breaks an envelope rule goes to
 * {@link #DEAD_LETTERS} with its reason and original bytes; nothing here throws on record content.
 */
public final class EnvelopeValidator extends ProcessFunction<RawRecord, Event> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("validate-dead-letters") {};

    private final Registry types;
    private transient EnvelopeDecoder decoder;
    private transient Accounting accounting;

    public EnvelopeValidator(Registry types) {
        this.types = types;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new EnvelopeDecoder(types);
        accounting = new Accounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Event> out) {
        DecodeResult result = decoder.decode(raw.key(), raw.value(), raw.partition(), raw.offset(), raw.timestamp());
        if (result instanceof DecodeResult.Accepted accepted) {
            out.collect(accepted.event());
        } else if (result instanceof DecodeResult.Rejected rejected) {
            accounting.deadLetter(rejected.rejection().reason());
            ctx.output(DEAD_LETTERS,
                    DeadLetter.of(raw, rejected.rejection(), ctx.timerService().currentProcessingTime()));
        }
    }
}
