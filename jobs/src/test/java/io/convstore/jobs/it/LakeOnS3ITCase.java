package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.jobs.it.StoreContents.LakeEvent;
import io.convstore.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake as a real deployment keeps it: Iceberg's JDBC catalog in PostgreSQL and the table's files on an S3-API
 * server through S3FileIO (endpoint override, path-style access, static keys).
 */
@ExtendWith(SandboxExtension.class)
class LakeOnS3ITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = LoopbackMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesTheLakeToS3ThroughAJdbcCatalog(Sandbox sandbox) throws Exception {
        ConversationDataset data = ConversationDataset.generate(7L, List.of("acme", "globex", "initech"), 8, 12);
        String prefix = "lake_s3";
        try (PipelineRun run = PipelineRun.create(sandbox, prefix, PipelineRun.lakeOnS3(sandbox, prefix))) {
            run.start();
            run.produce(data.sent);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    StoreContents.lakeRecordCount(run.config.lake()) == data.accepted());

            List<LakeEvent> lake = StoreContents.lakeEvents(run.config.lake());
            List<LakeEvent> expected = data.expected.entrySet().stream()
                    .flatMap(c -> c.getValue().stream().map(e -> new LakeEvent(c.getKey(), e.seq(), e.eventId(),
                            e.type(), e.occurredAt(), e.payload())))
                    .toList();
            assertThat(lake).extracting(LakeEvent::conversationKey, LakeEvent::seq, LakeEvent::eventId,
                            LakeEvent::type, LakeEvent::occurredAt)
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> org.assertj.core.groups.Tuple
                            .tuple(e.conversationKey(), e.seq(), e.eventId(), e.type(), e.occurredAt())).toList());
            for (LakeEvent row : lake) {
                LakeEvent want = expected.stream().filter(e -> e.eventId().equals(row.eventId())).findFirst()
                        .orElseThrow();
                assertThat(JSON.readTree(row.payload())).isEqualTo(JSON.readTree(want.payload()));
            }

            try (S3Client s3 = sandbox.s3().client()) {
                List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(Sandbox.LAKE_BUCKET).prefix(prefix + "/"))
                        .contents().stream().map(S3Object::key).toList();
                assertThat(keys).anyMatch(k -> k.startsWith(prefix + "/convstore/events/data/")
                        && k.endsWith(".parquet"));
                assertThat(keys).anyMatch(k -> k.startsWith(prefix + "/convstore/events/metadata/")
                        && k.endsWith(".metadata.json"));
            }
        }
    }
}
