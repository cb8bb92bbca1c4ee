package io.convstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.cli.cluster.FlinkRest;
import io.convstore.cli.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore cluster start|stop|status|add-taskmanager|stop-taskmanager}: a real standalone Flink session
 * cluster on this machine, from the Flink jars Maven resolved (see {@link LocalCluster}).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start, inspect and stop a standalone Flink cluster on this machine (a JobManager and "
                + "TaskManager processes on 127.0.0.1).",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class,
                ClusterCommand.AddTaskManager.class, ClusterCommand.StopTaskManager.class})
final class ClusterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --dir}: where the cluster's configuration, logs and PIDs live. */
    static final class Dir {
        @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's directory: conf, logs, PIDs "
                + "(default: ./.convstore/cluster).")
        Path dir;

        Path resolve() {
            return dir != null ? dir : Home.root().resolve(".convstore/cluster");
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a JobManager and TaskManagers; prints the REST/web UI address when they are up.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Option(names = "--taskmanagers", defaultValue = "1", description = "TaskManager processes (default: "
                + "${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--config", paramLabel = "FILE", description = "Flink configuration to start from "
                + "(default: flink-conf/cluster/config.yaml).")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable), e.g. "
                + "--set taskmanager.numberOfTaskSlots=4.")
        Map<String, String> set = new LinkedHashMap<>();

        @Option(names = "--s3-endpoint", description = "S3-API endpoint for checkpoints and savepoints on s3:// "
                + "(default: AWS).")
        String s3Endpoint;

        @Option(names = "--s3-access-key", description = "S3 access key (default: the AWS credential chain).")
        String s3AccessKey;

        @Option(names = "--s3-secret-key", description = "S3 secret key.")
        String s3SecretKey;

        @Option(names = "--timeout", defaultValue = "120s", description = "How long to wait for the cluster "
                + "(default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            if (taskManagers < 1) {
                throw new IllegalArgumentException("--taskmanagers must be at least 1, was " + taskManagers);
            }
            Path home = Home.root();
            FlinkDistribution flink = FlinkDistribution.in(home);
            Map<String, String> overrides = new LinkedHashMap<>();
            if (s3Endpoint != null) {
                overrides.put("s3.endpoint", s3Endpoint);
                overrides.put("s3.path.style.access", "true");
            }
            if (s3AccessKey != null) {
                overrides.put("s3.access-key", s3AccessKey);
                overrides.put("s3.secret-key", s3SecretKey == null ? "" : s3SecretKey);
            }
            overrides.putAll(set);
            Path template = config != null ? config : home.resolve("flink-conf/cluster/config.yaml");
            LocalCluster cluster = LocalCluster.configure(dir.resolve(), template,
                    home.resolve("flink-conf/cluster/log4j.properties"), overrides);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("starting a JobManager and %d TaskManager(s) from %s ...%n", taskManagers, cluster.dir());
            out.flush();
            cluster.startJobManager(flink);
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager(flink);
            }
            awaitTaskManagers(cluster, taskManagers, TimeUtils.parseDuration(timeout));
            out.printf("cluster up: REST and web UI %s (logs in %s)%n", cluster.restAddress(),
                    cluster.dir().resolve("log"));
            out.printf("submit the ingest job: ./convstore submit --config job.yaml%n");
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop every process of the cluster (TaskManagers first). Running jobs stop without a "
                    + "savepoint: take one first (./convstore savepoint --stop).")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = LocalCluster.open(dir.resolve());
            Map<String, Long> processes = cluster.processes();
            cluster.stopAll();
            spec.commandLine().getOut().printf("stopped %s%n", processes.isEmpty() ? "nothing (no process "
                    + "recorded)" : processes.keySet());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the cluster's processes, TaskManagers, slots and jobs. Exit 1 when it is not up.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            LocalCluster cluster = LocalCluster.open(dir.resolve());
            boolean allAlive = true;
            for (var process : cluster.processes().entrySet()) {
                boolean alive = LocalCluster.alive(process.getValue());
                allAlive &= alive;
                out.printf("%-16s pid %-8d %s%n", process.getKey(), process.getValue(), alive ? "running"
                        : "NOT RUNNING (see " + cluster.logFile(process.getKey()) + ")");
            }
            FlinkRest rest = new FlinkRest(cluster.restAddress());
            try {
                JsonNode overview = rest.overview();
                out.printf("REST %s: %d TaskManager(s), %d/%d slots free, Flink %s%n", rest.address(),
                        overview.path("taskmanagers").asInt(), overview.path("slots-available").asInt(),
                        overview.path("slots-total").asInt(), overview.path("flink-version").asText());
                for (FlinkRest.Job job : rest.jobs()) {
                    out.printf("job %s %-10s %s%n", job.id(), job.state(), job.name());
                }
            } catch (IOException e) {
                out.printf("REST %s not answering: %s%n", rest.address(), e.getMessage());
                return 1;
            }
            return allAlive && !cluster.processes().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "add-taskmanager", mixinStandardHelpOptions = true,
            description = "Start one more TaskManager (more slots: then rescale a job from a savepoint).")
    static final class AddTaskManager implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Option(names = "--timeout", defaultValue = "120s", description = "How long to wait for it to register "
                + "(default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = LocalCluster.open(dir.resolve());
            int before = new FlinkRest(cluster.restAddress()).overview().path("taskmanagers").asInt();
            String name = cluster.startTaskManager(FlinkDistribution.in(Home.root()));
            awaitTaskManagers(cluster, before + 1, TimeUtils.parseDuration(timeout));
            spec.commandLine().getOut().printf("%s registered (%d TaskManagers)%n", name, before + 1);
            return 0;
        }
    }

    @Command(name = "stop-taskmanager", mixinStandardHelpOptions = true,
            description = "Stop one TaskManager; with --kill, SIGKILL it (a crash, for failure drills).")
    static final class StopTaskManager implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Parameters(paramLabel = "NAME", description = "As cluster status lists it, e.g. taskmanager-1.")
        String name;

        @Option(names = "--kill", description = "SIGKILL instead of a graceful stop.")
        boolean kill;

        @Override
        public Integer call() throws Exception {
            if (!name.startsWith("taskmanager-")) {
                throw new IllegalArgumentException("not a TaskManager: " + name + " (use cluster stop for all)");
            }
            LocalCluster cluster = LocalCluster.open(dir.resolve());
            if (kill) {
                cluster.kill(name);
            } else {
                cluster.stop(name);
            }
            spec.commandLine().getOut().printf("%s %s%n", name, kill ? "killed" : "stopped");
            return 0;
        }
    }

    static void awaitTaskManagers(LocalCluster cluster, int count, Duration timeout) throws Exception {
        FlinkRest rest = new FlinkRest(cluster.restAddress());
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "REST not answering yet";
        while (System.nanoTime() < deadline) {
            for (var process : cluster.processes().entrySet()) {
                if (!LocalCluster.alive(process.getValue())) {
                    throw new IllegalStateException(process.getKey() + " exited; see "
                            + cluster.logFile(process.getKey()) + " and its .out file");
                }
            }
            try {
                int registered = rest.overview().path("taskmanagers").asInt();
                if (registered >= count) {
                    return;
                }
                last = registered + " of " + count + " TaskManagers registered";
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("cluster not up after " + timeout + ": " + last + "; logs in "
                + cluster.dir().resolve("log"));
    }
}
