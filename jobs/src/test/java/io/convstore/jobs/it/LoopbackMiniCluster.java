package io.convstore.jobs.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** A MiniCluster of one TaskManager with two slots whose every server socket binds to 127.0.0.1. */
final class LoopbackMiniCluster {
    private LoopbackMiniCluster() {}

    static MiniClusterExtension extension() {
        Configuration conf = new Configuration();
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        // the AWS SDK's commons-logging looks up resources from the job's closed classloader while cancelling
        conf.setString("classloader.check-leaked-classloader", "false");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }
}
