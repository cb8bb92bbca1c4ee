package io.convstore.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's effective configuration: template, then local settings, then overrides; read back the same. */
class LocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void writesTemplateThenLocalSettingsThenOverridesAndReadsThemBack() throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                parallelism.default: 2
                rest.port: 8081
                state:
                  backend:
                    type: rocksdb
                env.java.opts.all: -XX:+UseG1GC -Dfoo=bar
                classloader.parent-first-patterns.additional: [org.postgresql., org.example.]
                execution.checkpointing.dir: s3://bucket/checkpoints
                """);
        LocalCluster cluster = LocalCluster.configure(dir.resolve("cluster"), template, template,
                Map.of("parallelism.default", "4", "s3.endpoint", "http://127.0.0.1:9000"));

        Map<String, String> written = LocalCluster.readFlat(dir.resolve("cluster/conf/config.yaml"));
        assertThat(written).containsEntry("parallelism.default", "4")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("env.java.opts.all", "-XX:+UseG1GC -Dfoo=bar")
                .containsEntry("classloader.parent-first-patterns.additional", "org.postgresql.;org.example.")
                .containsEntry("execution.checkpointing.dir", "s3://bucket/checkpoints")
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("jobmanager.rpc.address", "127.0.0.1")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("io.tmp.dirs", dir.resolve("cluster/tmp").toAbsolutePath().toString());
        // the template's REST port is replaced by a free one, the same the cluster reports
        assertThat(written.get("rest.port")).isNotEqualTo("8081");
        assertThat(cluster.restAddress()).isEqualTo("http://127.0.0.1:" + written.get("rest.port"));
        assertThat(LocalCluster.open(dir.resolve("cluster")).restAddress()).isEqualTo(cluster.restAddress());
        assertThat(cluster.processes()).isEmpty();
    }

    @Test
    void namesTheFileWhenTheTemplateIsNotYaml() throws IOException {
        Path template = dir.resolve("broken.yaml");
        Files.writeString(template, "parallelism.default: [2\n");
        assertThatThrownBy(() -> LocalCluster.configure(dir.resolve("cluster"), template, template, Map.of()))
                .isInstanceOf(IOException.class).hasMessageStartingWith(template + ": not valid YAML");
    }

    @Test
    void refusesToSignalAProcessItDidNotStart() throws IOException {
        LocalCluster cluster = LocalCluster.configure(dir.resolve("cluster"), emptyTemplate(), emptyTemplate(),
                Map.of());
        assertThatThrownBy(() -> cluster.kill("taskmanager-7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process taskmanager-7");
        // a PID file pointing at a process of someone else (this test JVM): never signalled
        Files.writeString(dir.resolve("cluster/pids/taskmanager-1"), String.valueOf(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> cluster.kill("taskmanager-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer a Flink process");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void refusesToConfigureOverARunningCluster() throws IOException {
        LocalCluster.configure(dir.resolve("cluster"), emptyTemplate(), emptyTemplate(), Map.of());
        Files.writeString(dir.resolve("cluster/pids/jobmanager"), String.valueOf(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> LocalCluster.configure(dir.resolve("cluster"), emptyTemplate(), emptyTemplate(),
                Map.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }

    private Path emptyTemplate() throws IOException {
        Path template = dir.resolve("empty.yaml");
        if (!Files.exists(template)) {
            Files.writeString(template, "parallelism.default: 1\n");
        }
        return template;
    }
}
