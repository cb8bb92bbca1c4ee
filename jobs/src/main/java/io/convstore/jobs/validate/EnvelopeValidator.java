package io.convstore.jobs.validate;

import io.convstore.event.DeadLetter;
import io.convstore.event.DecodeResult;
import io.convstore.event.EnvelopeDecoder;
import io.convstore.event.Event;
import io.convstore.event.RawRecord;
import io.convstore.event.Rejection;
import io.convstore.jobs.Accounting;
import io.convstore.jobs.reload.MetadataBroadcast;
import io.convstore.jobs.reload.MetadataInForce;
import io.convstore.metadata.RegistryVersion;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * validate: turns raw Kafka records into {@link Event}s, checking the envelope and the payload's JSON Schema with
 * the metadata version in force (it changes by broadcast while the job runs). A record that breaks a rule goes to
 * {@link #DEAD_LETTERS} with its reason and original bytes; nothing here throws on record content.
 */
public final class EnvelopeValidator extends BroadcastProcessFunction<RawRecord, RegistryVersion, Event>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeValidator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("validate-dead-letters") {};

    private final RegistryVersion initial;
    private final ValidateSettings settings;
    private transient MetadataInForce<EnvelopeDecoder> decoder;
    // operator state inside: this subtask's outcome counts at the last checkpoint; rewritten on every checkpoint
    private transient Accounting accounting;
    private transient DeadLetterAlarm alarm;

    /** @param initial the metadata version the job starts with, until the first broadcast */
    public EnvelopeValidator(RegistryVersion initial, ValidateSettings settings) {
        this.initial = initial;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new MetadataInForce<>(initial, version -> new EnvelopeDecoder(version.toRegistry()));
        accounting.open(getRuntimeContext());
        alarm = new DeadLetterAlarm(settings.alarm());
        getRuntimeContext().getMetricGroup().gauge("convstore.dead-letter-share", () -> alarm.share());
        getRuntimeContext().getMetricGroup().gauge("convstore.dead-letter-alarm", () -> alarm.raised() ? 1 : 0);
    }

    @Override
    public void processElement(RawRecord raw, ReadOnlyContext ctx, Collector<Event> out) throws Exception {
        if (raw.value() != null && raw.value().length > settings.maxRecordBytes()) {
            // refused before parsing: a huge body must not cost a parse (or the heap) to be refused
            refuse(raw, Rejection.tooLarge(raw.key(), raw.value().length, settings.maxRecordBytes()), ctx);
            return;
        }
        DecodeResult result = decoder.get(ctx.getBroadcastState(MetadataBroadcast.STATE))
                .decode(raw.key(), raw.value(), raw.partition(), raw.offset(), raw.timestamp());
        if (result instanceof DecodeResult.Accepted accepted) {
            watch(ctx.currentProcessingTime(), false);
            out.collect(accepted.event());
        } else if (result instanceof DecodeResult.Rejected rejected) {
            refuse(raw, rejected.rejection(), ctx);
        }
    }

    private void refuse(RawRecord raw, Rejection rejection, ReadOnlyContext ctx) {
        accounting.deadLetter(rejection.reason(), rejection.tenantId());
        watch(ctx.currentProcessingTime(), true);
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, rejection, ctx.currentProcessingTime(), decoder.digest()));
    }

    private void watch(long now, boolean deadLetter) {
        switch (alarm.record(now, deadLetter)) {
            case RAISED -> LOG.warn("Dead-letter alarm raised: {} % of the records of the last {} were refused "
                    + "(threshold {} %); see ./convstore dlq list", Math.round(alarm.share() * 1000) / 10.0,
                    settings.alarm().window(), settings.alarm().share() * 100);
            case CLEARED -> LOG.info("Dead-letter alarm cleared: {} % refused over the last {}",
                    Math.round(alarm.share() * 1000) / 10.0, settings.alarm().window());
            default -> { }
        }
    }

    @Override
    public void processBroadcastElement(RegistryVersion version, Context ctx, Collector<Event> out) throws Exception {
        decoder.update(ctx.getBroadcastState(MetadataBroadcast.STATE), version);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        accounting = Accounting.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        accounting.snapshot();
    }
}
