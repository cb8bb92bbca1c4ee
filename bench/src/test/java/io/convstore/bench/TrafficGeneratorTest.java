package io.convstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.DecodeResult;
import io.convstore.event.EnvelopeDecoder;
import io.convstore.event.Event;
import io.convstore.metadata.RegistryLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private static final TrafficSettings SETTINGS = TrafficSettings.defaults(7L, "t").withConversations(2_000);
    private static final int RECORDS = 20_000;
    private static List<TrafficGenerator.Generated> records;
    private static EnvelopeDecoder decoder;

    @BeforeAll
    static void generate() throws Exception {
        records = take(new TrafficGenerator(SETTINGS), RECORDS);
        decoder = new EnvelopeDecoder(RegistryLoader.loadBuiltIn());
    }

    private static List<TrafficGenerator.Generated> take(TrafficGenerator generator, int count) {
        List<TrafficGenerator.Generated> out = new ArrayList<>(count + 1);
        while (out.size() < count) {
            out.addAll(generator.next());
        }
        return out.subList(0, count);
    }

    private static DecodeResult decode(TrafficGenerator.Generated record) {
        return decoder.decode(record.key(), record.value(), 0, 0L, 0L);
    }

    @Test
    void isDeterministicForASeed() {
        List<TrafficGenerator.Generated> again = take(new TrafficGenerator(SETTINGS), RECORDS);

        for (int i = 0; i < RECORDS; i++) {
            assertThat(again.get(i).value()).isEqualTo(records.get(i).value());
            assertThat(again.get(i).key()).isEqualTo(records.get(i).key());
        }
    }

    @Test
    void everyGoodRecordIsAcceptedAndEveryBadOneRefused() {
        for (TrafficGenerator.Generated record : records) {
            boolean accepted = decode(record) instanceof DecodeResult.Accepted;
            assertThat(accepted).as("%s %s", record.kind(), record.type())
                    .isEqualTo(record.kind() != TrafficGenerator.Kind.BAD);
        }
    }

    @Test
    void producesFaultsAtTheConfiguredRates() {
        Map<TrafficGenerator.Kind, Integer> counts = new HashMap<>();
        records.forEach(r -> counts.merge(r.kind(), 1, Integer::sum));

        assertThat(counts.get(TrafficGenerator.Kind.DUPLICATE) / (double) RECORDS).isBetween(0.006, 0.014);
        assertThat(counts.get(TrafficGenerator.Kind.BAD) / (double) RECORDS).isBetween(0.0015, 0.0045);
    }

    @Test
    void payloadSizesFollowTheTypeMix() {
        Map<String, List<Integer>> sizes = new HashMap<>();
        for (TrafficGenerator.Generated record : records) {
            if (decode(record) instanceof DecodeResult.Accepted accepted) {
                Event event = accepted.event();
                sizes.computeIfAbsent(event.type(), t -> new ArrayList<>()).add(event.payload().length());
            }
        }
        assertThat(sizes.get("chat.message")).allSatisfy(s -> assertThat(s).isBetween(200, 2_000));
        assertThat(sizes.get("email.message")).allSatisfy(s -> assertThat(s).isBetween(5_000, 50_000));
        assertThat(sizes.get("voice.transcript")).allSatisfy(s -> assertThat(s).isBetween(2_000, 20_000));
        assertThat(sizes.get("ai.response")).allSatisfy(s -> assertThat(s).isBetween(1_000, 8_000));
        int total = sizes.values().stream().mapToInt(List::size).sum();
        assertThat(sizes.get("chat.message").size() / (double) total).isBetween(0.45, 0.75);
    }

    @Test
    void tenantActivityIsZipfSkewed() {
        double[] cdf = TrafficGenerator.zipfCdf(50, 1.1);
        Map<String, Integer> perTenant = new HashMap<>();
        for (TrafficGenerator.Generated record : records) {
            if (decode(record) instanceof DecodeResult.Accepted accepted) {
                perTenant.merge(accepted.event().tenantId(), 1, Integer::sum);
            }
        }
        int total = perTenant.values().stream().mapToInt(Integer::intValue).sum();

        assertThat(perTenant.get("tenant-001") / (double) total).isCloseTo(cdf[0], org.assertj.core.data.Offset
                .offset(0.04));
        int[] ranked = perTenant.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        assertThat(ranked[ranked.length - 1]).isGreaterThan(10 * ranked[ranked.length / 2]);
    }

    @Test
    void producerSeqsOfAConversationAreItsNumbersWithOnlyAdjacentSwaps() {
        Map<String, List<Long>> seqs = new HashMap<>();
        for (TrafficGenerator.Generated record : records) {
            if (record.kind() == TrafficGenerator.Kind.EVENT
                    && decode(record) instanceof DecodeResult.Accepted accepted
                    && accepted.event().producerSeq() != null) {
                seqs.computeIfAbsent(accepted.event().conversationKey(), k -> new ArrayList<>())
                        .add(accepted.event().producerSeq());
            }
        }
        assertThat(seqs).isNotEmpty();
        for (List<Long> sent : seqs.values()) {
            long[] sorted = sent.stream().mapToLong(Long::longValue).sorted().toArray();
            assertThat(sorted).isEqualTo(java.util.stream.LongStream.rangeClosed(sorted[0], sorted[0]
                    + sorted.length - 1).toArray());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(Math.abs(sent.get(i) - sorted[i])).isLessThanOrEqualTo(1L);
            }
        }
    }
}
