package io.convstore.jobs.emit;

import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.event.DeadLetter;
import io.convstore.event.Reason;
import io.convstore.event.ServingRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * emit: the claim check. Large payloads and dead letters' large values are written to the payload store here,
 * upstream of the sinks, so an object always exists before the row or letter that points to it is written.
 * Object keys are derived from the event (or source offset), so a retried or replayed write replaces an object
 * with the same bytes. A store that cannot be written fails the task like an unreachable database does: the job
 * restarts from its last checkpoint and nothing is lost.
 */
final class Offload {
    private Offload() {}

    /** A map that writes to the payload store: opens it with the task, closes it with the task. */
    private abstract static class ToStore<T> extends RichMapFunction<T, T> {
        private static final long serialVersionUID = 1L;

        private final PayloadStore.Settings settings;
        transient PayloadStore store;

        ToStore(PayloadStore.Settings settings) {
            this.settings = settings;
        }

        @Override
        public void open(OpenContext context) {
            store = PayloadStore.open(settings);
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }

    /** Serving rows above their type's offload size: compressed payload to the store, claim check in the row. */
    static final class ServingPayloads extends ToStore<ServingRow> {
        private static final long serialVersionUID = 1L;

        private transient Counter objects;
        private transient Counter bytes;

        ServingPayloads(PayloadStore.Settings settings) {
            super(settings);
        }

        @Override
        public void open(OpenContext context) {
            super.open(context);
            objects = getRuntimeContext().getMetricGroup().counter("convstore.payloads-offloaded");
            bytes = getRuntimeContext().getMetricGroup().counter("convstore.payload-bytes-offloaded");
        }

        @Override
        public ServingRow map(ServingRow row) throws Exception {
            if (!row.needsOffload()) {
                return row;
            }
            String key = PayloadStore.servingKey(row.event().tenantId(), row.event().conversationId(),
                    row.event().eventId());
            String ref = store.put(key, row.payloadZstd());
            objects.inc();
            bytes.inc(row.payloadZstd().length);
            return row.offloaded(ref);
        }
    }

    /** Dead letters whose original value is too large to carry (and every payload_too_large letter). */
    static final class DeadLetterValues extends ToStore<DeadLetter> {
        private static final long serialVersionUID = 1L;

        private final long offloadAbove;
        private transient Counter objects;

        DeadLetterValues(PayloadStore.Settings settings, long offloadAbove) {
            super(settings);
            this.offloadAbove = offloadAbove;
        }

        @Override
        public void open(OpenContext context) {
            super.open(context);
            objects = getRuntimeContext().getMetricGroup().counter("convstore.dead-letter-values-offloaded");
        }

        @Override
        public DeadLetter map(DeadLetter letter) throws Exception {
            if (!offloads(letter, offloadAbove)) {
                return letter;
            }
            String key = PayloadStore.deadLetterKey(letter.sourceTopic() == null ? "unknown" : letter.sourceTopic(),
                    letter.sourcePartition(), letter.sourceOffset());
            String ref = store.put(key, letter.value());
            objects.inc();
            return letter.offloaded(ref, ServingRow.sha256(letter.value()));
        }

        static boolean offloads(DeadLetter letter, long offloadAbove) {
            return letter.value() != null && letter.value().length > 0
                    && (letter.value().length > offloadAbove
                            || Reason.PAYLOAD_TOO_LARGE.code().equals(letter.reason()));
        }
    }
}
