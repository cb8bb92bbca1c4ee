package io.convstore.cli.cluster;

import io.convstore.sandbox.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * A standalone Flink session cluster on this machine: one JobManager process and any number of TaskManager
 * processes (separate JVMs, bound to 127.0.0.1), started from a {@link FlinkDistribution} with the convstore cluster
 * configuration. Everything lives under one directory — {@code conf/} (the effective {@code config.yaml}),
 * {@code log/}, {@code tmp/}, {@code pids/} — so {@code ./convstore cluster stop|status} from another process finds
 * the cluster again. Processes outlive the JVM that started them; only the PIDs recorded here are ever signalled.
 */
public final class LocalCluster {
    static final String JOBMANAGER = "jobmanager";
    static final String TASKMANAGER = "taskmanager-";
    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String RESOURCE_PARAMS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    /** What a Flink 2.1 distribution's default config passes to every process on Java 17. */
    static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final Map<String, String> config;

    private LocalCluster(Path dir, Map<String, String> config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * Writes the cluster's effective configuration under {@code dir}: the template (e.g.
     * {@code flink-conf/cluster/config.yaml}), then what makes it local (loopback addresses, free RPC and REST ports,
     * process sizes, directories), then {@code overrides}. Starts nothing.
     */
    public static LocalCluster configure(Path dir, Path template, Path log4j, Map<String, String> overrides)
            throws IOException {
        if (isRunning(dir)) {
            throw new IllegalStateException("a cluster is already running from " + dir + " (./convstore cluster "
                    + "status); stop it first");
        }
        Map<String, String> config = new LinkedHashMap<>(readFlat(template));
        int rest = Ports.free();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.rpc.port", String.valueOf(Ports.free()));
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.host", "127.0.0.1");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", String.valueOf(rest));
        config.putIfAbsent("jobmanager.memory.process.size", "1200m");
        config.putIfAbsent("taskmanager.memory.process.size", "2g");
        config.put("io.tmp.dirs", dir.resolve("tmp").toAbsolutePath().toString());
        config.putAll(overrides);
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("pids"));
        try (Stream<Path> old = Files.list(dir.resolve("pids"))) {
            for (Path pid : old.toList()) {
                Files.delete(pid);
            }
        }
        StringBuilder yaml = new StringBuilder("# written by ./convstore cluster start from " + template
                + " and the local settings; edit the template, not this file\n");
        config.forEach((key, value) -> yaml.append(key).append(": ").append(yamlScalar(value)).append('\n'));
        Files.writeString(dir.resolve("conf/config.yaml"), yaml);
        Files.copy(log4j, dir.resolve("conf/log4j.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new LocalCluster(dir, config);
    }

    /** The cluster configured under {@code dir} earlier (by this or another process). */
    public static LocalCluster open(Path dir) throws IOException {
        Path conf = dir.resolve("conf/config.yaml");
        if (!Files.isRegularFile(conf)) {
            throw new IOException("no cluster under " + dir + " (start one with ./convstore cluster start)");
        }
        return new LocalCluster(dir, readFlat(conf));
    }

    public Path dir() {
        return dir;
    }

    public String restAddress() {
        return "http://127.0.0.1:" + config.get("rest.port");
    }

    /** A value of the effective configuration. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(config.get(key));
    }

    /** Starts the JobManager (REST, web UI, dispatcher, resource manager) and returns its PID. */
    public long startJobManager(FlinkDistribution flink) throws IOException, InterruptedException {
        List<String> params = resourceParams(flink, "GET_JM_RESOURCE_PARAMS");
        return launch(flink, JOBMANAGER, JM_MAIN, params, "env.java.opts.jobmanager");
    }

    /** Starts one more TaskManager and returns its name ({@code taskmanager-N}). */
    public String startTaskManager(FlinkDistribution flink) throws IOException, InterruptedException {
        List<String> params = resourceParams(flink, "GET_TM_RESOURCE_PARAMS");
        // names are never reused in a cluster's life, so each process keeps its own log
        int index = 1;
        while (Files.exists(pidFile(TASKMANAGER + index)) || Files.exists(logFile(TASKMANAGER + index))) {
            index++;
        }
        String name = TASKMANAGER + index;
        launch(flink, name, TM_MAIN, params, "env.java.opts.taskmanager");
        return name;
    }

    /** SIGKILLs the process (a crash: no shutdown hooks, no goodbye to the JobManager) and waits for it to end. */
    public void kill(String name) throws IOException {
        signal(name, Signal.KILL);
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) and forgets it. */
    public void stop(String name) throws IOException {
        signal(name, Signal.TERM);
    }

    /** Stops the TaskManagers, then the JobManager. */
    public void stopAll() throws IOException {
        for (String name : processes().keySet()) {
            if (name.startsWith(TASKMANAGER)) {
                stop(name);
            }
        }
        if (Files.exists(pidFile(JOBMANAGER))) {
            stop(JOBMANAGER);
        }
    }

    /** Every process started from this directory and not stopped since: name → PID, whether alive or not. */
    public Map<String, Long> processes() throws IOException {
        Map<String, Long> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            for (Path file : files.toList()) {
                found.put(file.getFileName().toString(), Long.parseLong(Files.readString(file).trim()));
            }
        }
        return found;
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public Path logFile(String name) {
        return dir.resolve("log/" + name + ".log");
    }

    private static boolean isRunning(Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve("pids"))) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            for (Path file : files.toList()) {
                if (alive(Long.parseLong(Files.readString(file).trim()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private enum Signal { TERM, KILL }

    private void signal(String name, Signal signal) throws IOException {
        Path file = pidFile(name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no process " + name + " in " + dir + "; known: "
                    + processes().keySet());
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive()) {
            if (!isOurs(handle.get())) {
                throw new IllegalStateException("PID " + pid + " of " + name + " is no longer a Flink process of "
                        + dir + "; not signalling it");
            }
            if (signal == Signal.KILL) {
                handle.get().destroyForcibly();
            } else {
                handle.get().destroy();
            }
            try {
                handle.get().onExit().get(signal == Signal.KILL ? 10 : 30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.get().destroyForcibly();
                handle.get().onExit().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping " + name, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("waiting for " + name + " to end", e);
            }
        }
        Files.delete(file);
    }

    /** A recycled PID would belong to another command line: ours name this cluster's configuration directory. */
    private boolean isOurs(ProcessHandle handle) {
        String conf = dir.resolve("conf").toAbsolutePath().toString();
        return handle.info().arguments().map(args -> Arrays.asList(args).contains(conf)).orElse(true);
    }

    private Path pidFile(String name) {
        return dir.resolve("pids/" + name);
    }

    private long launch(FlinkDistribution flink, String name, String mainClass, List<String> params,
            String javaOptsKey) throws IOException {
        Path conf = dir.resolve("conf").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(splitOptions(params.get(0)));
        command.addAll(JAVA_17_OPTS);
        command.addAll(splitOptions(config.getOrDefault("env.java.opts.all", "")));
        command.addAll(splitOptions(config.getOrDefault(javaOptsKey, "")));
        command.add("-Dlog.file=" + logFile(name).toAbsolutePath());
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        command.add("-classpath");
        command.add(flink.classpath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(splitOptions(params.get(1)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/" + name + ".out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        builder.environment().put("FLINK_PLUGINS_DIR", flink.pluginsDir().toAbsolutePath().toString());
        Process process = builder.start();
        Files.writeString(pidFile(name), String.valueOf(process.pid()));
        return process.pid();
    }

    /** The JVM memory flags and the dynamic memory settings Flink derives from the configured process size. */
    private List<String> resourceParams(FlinkDistribution flink, String which) throws IOException,
            InterruptedException {
        Path conf = dir.resolve("conf").toAbsolutePath();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-classpath", flink.classpath(), RESOURCE_PARAMS, which, "--configDir", conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("Flink could not size the process from " + conf.resolve("config.yaml") + ":\n"
                    + output);
        }
        List<String> results = output.lines().filter(line -> line.startsWith(RESULT_PREFIX))
                .map(line -> line.substring(RESULT_PREFIX.length())).toList();
        if (results.size() < 2) {
            throw new IOException("unexpected answer from " + RESOURCE_PARAMS + " " + which + ":\n" + output);
        }
        return results.subList(results.size() - 2, results.size());
    }

    private static List<String> splitOptions(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** A Flink config.yaml as flat keys: nested maps joined with dots, lists in Flink's {@code a;b} form. */
    public static Map<String, String> readFlat(Path file) throws IOException {
        Object loaded;
        try {
            loaded = new Yaml().load(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (loaded instanceof Map<?, ?> map) {
            flatten("", map, flat);
        } else if (loaded != null) {
            throw new IOException(file + ": expected key: value lines, found " + loaded.getClass().getSimpleName());
        }
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, into);
            } else if (value instanceof List<?> list) {
                into.put(name, String.join(";", list.stream().map(String::valueOf).toList()));
            } else {
                into.put(name, String.valueOf(value));
            }
        });
    }

    private static String yamlScalar(String value) {
        if (value.isEmpty() || !value.matches("[A-Za-z0-9_./:@=+,;-][^#]*") || value.contains(": ")
                || value.endsWith(":")) {
            return "'" + value.replace("'", "''") + "'";
        }
        return value;
    }
}
