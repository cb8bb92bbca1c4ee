package io.convstore.jobs;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.RawRecord;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;
import io.convstore.event.TargetRecord;
import io.convstore.event.TrafficRow;
import io.convstore.event.TrafficTick;
import io.convstore.jobs.export.ExportedFile;
import io.convstore.jobs.session.SessionState;
import io.convstore.jobs.session.SessionTracker;
import io.convstore.jobs.traffic.TrafficTotals;
import io.convstore.metadata.RegistryVersion;
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
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ExportedFile.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RegistryVersion.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Accounting.Count.class); // operator state
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionSummary.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TrafficTick.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TrafficRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionState.class); // keyed state
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionTracker.ClosedSession.class); // keyed state
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TrafficTotals.class); // window state
    }
}
