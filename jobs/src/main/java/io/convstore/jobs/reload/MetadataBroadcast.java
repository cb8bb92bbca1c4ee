package io.convstore.jobs.reload;

import io.convstore.metadata.RegistryVersion;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast state every metadata subscriber (validate, route) keeps: the metadata version in force, under one
 * key. Checkpointed, so a restored job continues with the version it had, not the one it was started with.
 */
public final class MetadataBroadcast {
    // the metadata version in force; key: CURRENT; replaced by each newer version the watcher broadcasts
    public static final MapStateDescriptor<String, RegistryVersion> STATE = new MapStateDescriptor<>(
            "metadata-version", Types.STRING, Types.POJO(RegistryVersion.class));

    public static final String CURRENT = "current";

    private MetadataBroadcast() {}
}
