package io.convstore.jobs;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.metadata.Registry;
import io.convstore.event.RawRecord;
import io.convstore.event.TargetRecord;
import io.convstore.jobs.route.KafkaTargetRouter;
import io.convstore.jobs.route.ServingRouter;
import io.convstore.event.ServingRow;
import io.convstore.jobs.emit.Outputs;
import io.convstore.jobs.order.ConversationOrderer;
import io.convstore.jobs.order.OrderSettings;
import io.convstore.jobs.validate.EnvelopeValidator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the ingest stages — ingest → validate → order → route → emit — without doing any I/O itself: the source and
 * outputs are handed in, so tests can pass bounded sources and their own outputs.
 */
public final class IngestTopology {
    private IngestTopology() {}

    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, Outputs outputs,
            Registry types, OrderSettings order) {
        // ingest: raw Kafka records, unparsed
        DataStream<RawRecord> raw = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "ingest: conversation-events",
                        TypeInformation.of(RawRecord.class))
                .uid(Uids.KAFKA_SOURCE);

        // ingest ---> validate: envelope rules; refused records to the dead-letter side output
        SingleOutputStreamOperator<Event> valid = raw
                .process(new EnvelopeValidator(types))
                .uid(Uids.VALIDATE)
                .name("validate: envelope");

        // validate ---> order: one conversation per key; dedup, seq, gap handling
        SingleOutputStreamOperator<Event> ordered = valid
                .keyBy(Event::conversationKey)
                .process(new ConversationOrderer(order))
                .uid(Uids.ORDER)
                .name("order: per conversation");

        // order ---> route ---> emit: the serving store gets each event projected as its type says
        outputs.serving(ordered
                .map(new ServingRouter(types), TypeInformation.of(ServingRow.class))
                .uid(Uids.ROUTE_SERVING)
                .name("route: serving projection"));

        // order ---> emit: the lake gets every event, and each type's own table its events
        outputs.lake(ordered);

        // order ---> route ---> emit: the reshaped records of the types' extra Kafka targets
        outputs.kafkaTargets(ordered
                .flatMap(new KafkaTargetRouter(types), TypeInformation.of(TargetRecord.class))
                .uid(Uids.ROUTE_KAFKA_TARGETS)
                .name("route: kafka targets"));

        // validate, order ---> emit: every refusal, whichever stage refused it
        DataStream<DeadLetter> deadLetters = valid.getSideOutput(EnvelopeValidator.DEAD_LETTERS)
                .union(ordered.getSideOutput(ConversationOrderer.DEAD_LETTERS));
        outputs.deadLetters(deadLetters);
    }
}
