package io.convstore.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parts of a Flink distribution a standalone cluster needs, as the {@code cluster} module's build leaves them:
 * the lib classpath ({@code cluster/target/flink/lib.classpath}, jars in the local Maven repository) and the plugins
 * directory ({@code cluster/target/flink/plugins/<plugin>/*.jar}).
 */
public record FlinkDistribution(String classpath, Path pluginsDir) {

    /** The distribution built in the checkout at {@code home}. */
    public static FlinkDistribution in(Path home) throws IOException {
        Path dir = home.resolve("cluster/target/flink");
        Path classpath = dir.resolve("lib.classpath");
        if (!Files.isRegularFile(classpath)) {
            throw new IOException("no Flink distribution at " + dir + ": build it with 'mvn -B install -DskipTests' "
                    + "(the cluster module writes it)");
        }
        return new FlinkDistribution(Files.readString(classpath).trim(), dir.resolve("plugins"));
    }

    /**
     * The checkout holding this process: {@code -Dconvstore.home} (the launcher sets it), else the nearest directory
     * upwards from the working directory that has a {@code cluster} module (tests run in a module directory).
     */
    public static Path home() {
        String property = System.getProperty("convstore.home");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cluster/pom.xml"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** The shaded job jar the jobs module builds. */
    public static Path jobJar(Path home) throws IOException {
        Path target = home.resolve("jobs/target");
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                var jar = files.filter(f -> f.getFileName().toString().matches("convstore-jobs-.*-job\\.jar"))
                        .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IOException("no job jar under " + target + ": build it with 'mvn -B install -DskipTests'");
    }
}
