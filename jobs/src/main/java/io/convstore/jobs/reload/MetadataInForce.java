package io.convstore.jobs.reload;

import io.convstore.metadata.RegistryVersion;
import java.util.function.Function;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * What a metadata subscriber (validate, route) compiled from the version in force: compiled once per version,
 * replaced when a newer one is broadcast, and — after a restore — taken from broadcast state rather than from the
 * version the job was built with. Create it in {@code open()}.
 *
 * @param <T> what the subscriber compiles a version into (a decoder, a routing table)
 */
public final class MetadataInForce<T> {
    private final Function<RegistryVersion, T> compile;
    private String digest;
    private T compiled;
    private boolean restoredVersionChecked;

    public MetadataInForce(RegistryVersion initial, Function<RegistryVersion, T> compile) {
        this.compile = compile;
        use(initial);
    }

    /** The compiled version in force, for one record. */
    public T get(ReadOnlyBroadcastState<String, RegistryVersion> state) throws Exception {
        if (!restoredVersionChecked) {
            RegistryVersion restored = state.get(MetadataBroadcast.CURRENT);
            if (restored != null) {
                use(restored);
            }
            restoredVersionChecked = true;
        }
        return compiled;
    }

    /** The digest of the version in force (after {@link #get}, the restored one where there was one). */
    public String digest() {
        return digest;
    }

    /** Puts a broadcast version in force (and in broadcast state, for checkpoints). */
    public void update(BroadcastState<String, RegistryVersion> state, RegistryVersion version) throws Exception {
        state.put(MetadataBroadcast.CURRENT, version);
        use(version);
    }

    private void use(RegistryVersion version) {
        if (!version.digest().equals(digest)) {
            compiled = compile.apply(version);
            digest = version.digest();
        }
    }
}
