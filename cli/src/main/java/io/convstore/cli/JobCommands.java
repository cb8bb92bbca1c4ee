package io.convstore.cli;

import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.cli.cluster.FlinkRest;
import io.convstore.cli.cluster.LocalCluster;
import io.convstore.cli.cluster.ProgramSubmission;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore submit|savepoint|cancel}: the ingest job's life on a Flink cluster through its REST API — the
 * local one ({@code ./convstore cluster start}) by default, any Flink 2.x cluster with {@code --rest}.
 */
final class JobCommands {
    private JobCommands() {}

    /** Which cluster: {@code --rest URL}, or the local cluster's directory. */
    static final class Target {
        @ArgGroup(exclusive = true)
        Where where = new Where();

        static final class Where {
            @Option(names = "--rest", paramLabel = "URL", description = "REST address of any Flink cluster, e.g. "
                    + "http://jobmanager:8081 (default: the local cluster's).")
            String rest;

            @Option(names = "--cluster-dir", paramLabel = "DIR", description = "Directory of a local cluster "
                    + "(default: ./.convstore/cluster).")
            Path clusterDir;
        }

        FlinkRest rest() throws IOException {
            if (where.rest != null) {
                return new FlinkRest(where.rest);
            }
            return new FlinkRest(local().restAddress());
        }

        /** The local cluster, when that is the target (for its savepoint directory). */
        LocalCluster local() throws IOException {
            return LocalCluster.open(where.clusterDir != null ? where.clusterDir
                    : Home.root().resolve(".convstore/cluster"));
        }

        /** {@code --job}, else the one running job; anything else is an error that lists the jobs. */
        String job(FlinkRest rest, String given) throws IOException {
            if (given != null) {
                return given;
            }
            List<FlinkRest.Job> running = rest.jobs().stream().filter(j -> "RUNNING".equals(j.state())).toList();
            if (running.size() != 1) {
                throw new IllegalArgumentException("--job is needed: " + running.size() + " running jobs at "
                        + rest.address() + (running.isEmpty() ? "" : ": " + running));
            }
            return running.get(0).id();
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Run the ingest job on a cluster (optionally from a savepoint, at a new parallelism), like "
                    + "flink run -d: main runs here (it prepares the stores), the job graph and jar go to the cluster. "
                    + "Prints the job id.")
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--jar", paramLabel = "JAR", description = "Job jar (default: jobs/target/"
                + "convstore-jobs-*-job.jar).")
        Path jar;

        @Option(names = "--config", paramLabel = "FILE", description = "Job options as YAML (convstore.* keys, "
                + "docs/operations.md; Flink job keys too). Options in the cluster's config.yaml are defaults.")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One job option (repeatable); wins over "
                + "--config.")
        Map<String, String> set = new LinkedHashMap<>();

        @Option(names = "--parallelism", description = "Job parallelism (default: the cluster's "
                + "parallelism.default).")
        Integer parallelism;

        @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Restore state from this savepoint "
                + "or retained checkpoint.")
        String savepoint;

        @Option(names = "--allow-non-restored-state", description = "Restore even when the savepoint holds state "
                + "of an operator the new job no longer has (it is dropped).")
        boolean allowNonRestoredState;

        @Option(names = "--timeout", defaultValue = "180s", description = "How long to wait until every task runs "
                + "(default: ${DEFAULT-VALUE}; 0 to return once submitted).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            Map<String, String> options = new LinkedHashMap<>();
            if (config != null) {
                options.putAll(LocalCluster.readFlat(config));
            }
            options.putAll(set);
            List<String> args = new ArrayList<>();
            options.forEach((key, value) -> {
                args.add("--" + key);
                args.add(value);
            });
            FlinkRest rest = target.rest();
            Path jobJar = jar != null ? jar : FlinkDistribution.jobJar(Home.root());
            // without --parallelism, the cluster's default (a submission must say it, or it runs at 1)
            Integer jobParallelism = parallelism != null ? parallelism : Optional.ofNullable(
                    rest.clusterSettings().get("parallelism.default")).map(Integer::valueOf).orElse(null);
            PrintWriter err = spec.commandLine().getErr();
            err.printf("preparing the stores and submitting %s to %s ...%n", jobJar.getFileName(), rest.address());
            err.flush();
            String jobId = ProgramSubmission.submit(rest, FlinkDistribution.in(Home.root()),
                    Home.root().resolve("flink-conf/cluster/log4j.properties"), new ProgramSubmission.Request(jobJar,
                            args, jobParallelism, savepoint, allowNonRestoredState));
            Duration wait = TimeUtils.parseDuration(timeout);
            if (!wait.isZero()) {
                awaitRunning(rest, jobId, wait);
                err.printf("job %s running%s%n", jobId, savepoint == null ? "" : " from " + savepoint);
            }
            spec.commandLine().getOut().println(jobId);
            return 0;
        }
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true,
            description = "Take a savepoint of a running job (with --stop: stop it with the savepoint, the way to "
                    + "upgrade or rescale). Prints the savepoint's path.")
    static final class Savepoint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--job", description = "Job id (default: the one running job).")
        String job;

        @Option(names = "--target-dir", paramLabel = "URI", description = "Where to write it (default: the "
                + "cluster's execution.checkpointing.savepoint-dir).")
        String targetDir;

        @Option(names = "--stop", description = "Stop the job once the savepoint is taken (sources stop first, "
                + "sinks commit; no event is processed twice after a restore).")
        boolean stop;

        @Option(names = "--timeout", defaultValue = "10min", description = "How long to wait (default: "
                + "${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            FlinkRest rest = target.rest();
            String jobId = target.job(rest, job);
            String location = rest.savepoint(jobId, targetDir, stop, TimeUtils.parseDuration(timeout));
            spec.commandLine().getErr().printf("%s job %s: savepoint at%n", stop ? "stopped" : "running", jobId);
            spec.commandLine().getOut().println(location);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a job without a savepoint (its last checkpoint is retained; see docs/operations.md"
                    + ").")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--job", description = "Job id (default: the one running job).")
        String job;

        @Override
        public Integer call() throws Exception {
            FlinkRest rest = target.rest();
            String jobId = target.job(rest, job);
            rest.cancel(jobId);
            spec.commandLine().getOut().printf("cancelled %s%n", jobId);
            return 0;
        }
    }

    /** Waits until the job and every one of its tasks run; a job that fails or ends meanwhile is an error. */
    static void awaitRunning(FlinkRest rest, String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var detail = rest.job(jobId);
            String state = detail.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IllegalStateException("job " + jobId + " is " + state + " (exceptions: " + rest.address()
                        + "/jobs/" + jobId + "/exceptions)");
            }
            boolean allRunning = state.equals("RUNNING");
            for (var vertex : detail.path("vertices")) {
                allRunning &= "RUNNING".equals(vertex.path("status").asText());
            }
            if (allRunning && detail.path("vertices").size() > 0) {
                return;
            }
            last = state;
            Thread.sleep(500);
        }
        throw new IllegalStateException("job " + jobId + " not running after " + timeout + " (last state " + last
                + ")");
    }
}
