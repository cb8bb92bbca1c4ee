package io.convstore.jobs;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.RawRecord;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;
import io.convstore.event.TrafficTick;
import io.convstore.jobs.emit.Outputs;
import io.convstore.jobs.order.ConversationOrderer;
import io.convstore.jobs.reload.MetadataBroadcast;
import io.convstore.jobs.route.Router;
import io.convstore.jobs.session.SessionTracker;
import io.convstore.jobs.traffic.TrafficWindows;
import io.convstore.jobs.validate.EnvelopeValidator;
import io.convstore.metadata.RegistryVersion;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Wires the ingest stages — ingest → validate → order → route → emit, and order → session → traffic — without
 * doing any I/O itself: the sources and outputs are handed in, so tests can pass bounded sources and their own
 * outputs. The metadata versions of {@code metadataSource} reach validate and route by broadcast, so types change
 * while the job runs. Event time ({@link EventTime}) is the Kafka timestamp, with watermarks per partition.
 */
public final class IngestTopology {
    private IngestTopology() {}

    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
            Source<RegistryVersion, ?, ?> metadataSource, Outputs outputs, RegistryVersion initial,
            IngestConfig config) {
        // ingest: raw Kafka records, unparsed
        DataStream<RawRecord> raw = env
                .fromSource(source, config.time().forSource(), "ingest: conversation-events",
                        TypeInformation.of(RawRecord.class))
                .uid(Uids.KAFKA_SOURCE);

        // metadata: versions of the type registry, broadcast to every subtask that needs them
        BroadcastStream<RegistryVersion> metadata = env
                .fromSource(metadataSource, EventTime.forMetadata(), "metadata: watcher",
                        TypeInformation.of(RegistryVersion.class))
                .uid(Uids.METADATA_SOURCE)
                .setParallelism(1)
                .broadcast(MetadataBroadcast.STATE);

        // ingest ---> validate: envelope rules and payload schemas; refused records to the dead-letter side output
        SingleOutputStreamOperator<Event> valid = raw
                .connect(metadata)
                .process(new EnvelopeValidator(initial, config.validate()), TypeInformation.of(Event.class))
                .uid(Uids.VALIDATE)
                .name("validate: envelope and payload");

        // validate ---> order: one conversation per key; dedup, seq, gap handling
        SingleOutputStreamOperator<Event> ordered = valid
                .keyBy(Event::conversationKey)
                .process(new ConversationOrderer(config.order()))
                .uid(Uids.ORDER)
                .name("order: per conversation");

        // order ---> route: each event where its type's metadata sends it
        SingleOutputStreamOperator<ServingRow> routed = ordered
                .connect(metadata)
                .process(new Router(initial), TypeInformation.of(ServingRow.class))
                .uid(Uids.ROUTE)
                .name("route: metadata targets");

        // route ---> emit: serving store, type tables, extra Kafka targets; order ---> emit: the events table
        outputs.serving(routed);
        outputs.lake(ordered);
        outputs.typeTables(routed.getSideOutput(Router.LAKE_ROWS));
        outputs.kafkaTargets(routed.getSideOutput(Router.KAFKA_TARGETS));

        // validate, order ---> emit: every refusal, whichever stage refused it
        DataStream<DeadLetter> deadLetters = valid.getSideOutput(EnvelopeValidator.DEAD_LETTERS)
                .union(ordered.getSideOutput(ConversationOrderer.DEAD_LETTERS));
        outputs.deadLetters(deadLetters);
        // order ---> emit: what was dropped as a duplicate, for the audit
        outputs.duplicates(ordered.getSideOutput(ConversationOrderer.DUPLICATES));
        // order ---> emit: the curated topic, ordered and deduplicated, exactly once
        outputs.curated(ordered);

        // order ---> session: per conversation (the same keys, no shuffle), sessions and their KPIs by event time
        SingleOutputStreamOperator<SessionSummary> sessions = DataStreamUtils
                .reinterpretAsKeyedStream(ordered, Event::conversationKey, Types.STRING)
                .process(new SessionTracker(config.session()), TypeInformation.of(SessionSummary.class))
                .uid(Uids.SESSIONS)
                .name("session: per conversation");
        outputs.sessions(sessions);
        outputs.conversations(routed, sessions);

        // session, dead letters ---> traffic: per tenant and minute, hot tenants flagged
        DataStream<TrafficTick> refusedTicks = deadLetters
                .process(new DeadLetterTicks(), TypeInformation.of(TrafficTick.class))
                .uid(Uids.TRAFFIC_DEAD_LETTER_TICKS).name("traffic: dead letters");
        DataStream<TrafficTick> ticks = sessions.getSideOutput(SessionTracker.TRAFFIC).union(refusedTicks)
                .transform("traffic: event time", TypeInformation.of(TrafficTick.class),
                        new Restamp<>(TrafficTick::timestampMillis))
                .uid(Uids.TRAFFIC_EVENT_TIME);
        outputs.traffic(TrafficWindows.build(ticks, config.traffic()));
    }

    /** A dead letter's traffic: at its record's Kafka timestamp (the element's), else its refusal time. */
    static final class DeadLetterTicks extends ProcessFunction<DeadLetter, TrafficTick> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(DeadLetter letter, Context ctx, Collector<TrafficTick> out) {
            out.collect(TrafficTick.deadLetter(letter, ctx.timestamp() != null ? ctx.timestamp()
                    : letter.refusedAtMillis()));
        }
    }
}
