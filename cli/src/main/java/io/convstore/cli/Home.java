package io.convstore.cli;

import java.nio.file.Path;

/** Where the convstore checkout is: the launcher passes it as {@code -Dconvstore.home}. */
final class Home {
    private Home() {}

    static Path root() {
        return Path.of(System.getProperty("convstore.home", ".")).toAbsolutePath().normalize();
    }

    static Path localFlinkConf() {
        return root().resolve("flink-conf/local");
    }
}
