package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a serving row keeps its payload: text, compressed, or marked for offloading, by the UTF-8 size. */
class ServingRowTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"text\":\"hi\"}", "grüße", "✓ ok", "emoji 😀 pair", "lone \ud83d surrogate",
        "end \ud83d", "\udc00 low first"})
    void countsUtf8BytesLikeTheEncoder(String text) {
        assertThat(ServingRow.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void keepsTextUpToTheCompressSizeThenCompressesThenMarksForOffload() throws Exception {
        String json = "{\"body\":\"" + "ü".repeat(50) + "\"}"; // 111 bytes of UTF-8, 61 chars
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;

        ServingRow text = ServingRow.of(null, null, null, json, bytes, bytes);
        assertThat(text.payload()).isEqualTo(json);
        assertThat(text.payloadZstd()).isNull();
        assertThat(text.needsOffload()).isFalse();
        assertThat(text.payloadBytes()).isEqualTo(bytes);

        ServingRow compressed = ServingRow.of(null, null, null, json, bytes - 1, bytes);
        assertThat(compressed.payload()).isNull();
        assertThat(PayloadCompression.decompress(compressed.payloadZstd())).isEqualTo(json);
        assertThat(compressed.payloadSha256()).isNull();
        assertThat(compressed.needsOffload()).isFalse();

        ServingRow offload = ServingRow.of(null, null, null, json, bytes - 1, bytes - 1);
        assertThat(offload.needsOffload()).isTrue();
        assertThat(PayloadCompression.decompress(offload.payloadZstd())).isEqualTo(json);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        assertThat(offload.payloadSha256()).isEqualTo(sha);

        ServingRow claimCheck = offload.offloaded("s3://b/payloads/x.json.zst");
        assertThat(claimCheck.needsOffload()).isFalse();
        assertThat(claimCheck.payload()).isNull();
        assertThat(claimCheck.payloadZstd()).isNull();
        assertThat(claimCheck.payloadRef()).isEqualTo("s3://b/payloads/x.json.zst");
        assertThat(claimCheck.payloadSha256()).isEqualTo(sha);
        assertThat(claimCheck.payloadBytes()).isEqualTo(bytes);
    }
}
