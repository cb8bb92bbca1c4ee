package io.convstore.jobs;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.RawRecord;
import io.convstore.metadata.RegistryVersion;
import io.convstore.event.ServingRow;
import io.convstore.event.TargetRecord;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Every type that travels between operators or sits in state must use Flink's POJO serializer, never Kryo. */
class StreamTypesSerializationTest {

    @Test
    void streamAndStateTypesAreSerializedAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Event.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TargetRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ServingRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LakeRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RegistryVersion.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Accounting.Count.class); // operator state
    }
}
