package io.convstore.jobs.validate;

import io.convstore.event.DeadLetter;
import io.convstore.event.Rejection;
import io.convstore.event.DecodeResult;
import io.convstore.event.EnvelopeDecoder;
import io.convstore.event.Event;
import io.convstore.event.RawRecord;
import io.convstore.jobs.Accounting;
import io.convstore.jobs.reload.MetadataBroadcast;
import io.convstore.jobs.reload.MetadataInForce;
import io.convstore.metadata.RegistryVersion;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * validate: turns raw Kafka records into {@link Event}s, checking the envelope and the payload's JSON Schema with
 * the metadata version in force (it changes by broadcast while the job runs). A record that breaks a rule goes to
 * {@link #DEAD_LETTERS} with its reason and original bytes; nothing here throws on record content.
 */
public final class EnvelopeValidator extends BroadcastProcessFunction<RawRecord, RegistryVersion, Event> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("validate-dead-letters") {};

    private final RegistryVersion initial;
    private final long maxRecordBytes;
    private transient MetadataInForce<EnvelopeDecoder> decoder;
    private transient Accounting accounting;

    /**
     * @param initial the metadata version the job starts with, until the first broadcast
     * @param maxRecordBytes records with a larger value are {@code payload_too_large} dead letters, unparsed
     */
    public EnvelopeValidator(RegistryVersion initial, long maxRecordBytes) {
        this.initial = initial;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new MetadataInForce<>(initial, version -> new EnvelopeDecoder(version.toRegistry()));
        accounting = new Accounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawRecord raw, ReadOnlyContext ctx, Collector<Event> out) throws Exception {
        if (raw.value() != null && raw.value().length > maxRecordBytes) {
            // refused before parsing: a huge body must not cost a parse (or the heap) to be refused
            Rejection tooLarge = Rejection.tooLarge(raw.key(), raw.value().length, maxRecordBytes);
            accounting.deadLetter(tooLarge.reason());
            ctx.output(DEAD_LETTERS, DeadLetter.of(raw, tooLarge, ctx.currentProcessingTime()));
            return;
        }
        DecodeResult result = decoder.get(ctx.getBroadcastState(MetadataBroadcast.STATE))
                .decode(raw.key(), raw.value(), raw.partition(), raw.offset(), raw.timestamp());
        if (result instanceof DecodeResult.Accepted accepted) {
            out.collect(accepted.event());
        } else if (result instanceof DecodeResult.Rejected rejected) {
            accounting.deadLetter(rejected.rejection().reason());
            ctx.output(DEAD_LETTERS, DeadLetter.of(raw, rejected.rejection(), ctx.currentProcessingTime()));
        }
    }

    @Override
    public void processBroadcastElement(RegistryVersion version, Context ctx, Collector<Event> out) throws Exception {
        decoder.update(ctx.getBroadcastState(MetadataBroadcast.STATE), version);
    }
}
