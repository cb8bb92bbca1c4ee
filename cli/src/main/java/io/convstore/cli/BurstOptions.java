package io.convstore.cli;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Option;

/** The {@code --burst-*} options of the commands that publish open loop. */
final class BurstOptions {
    @Option(names = "--burst-every", defaultValue = "0s", description = "Start a burst this often, e.g. 30s "
            + "(default: no bursts).")
    String every;

    @Option(names = "--burst-length", defaultValue = "5s", description = "How long a burst lasts (default: "
            + "${DEFAULT-VALUE}).")
    String length;

    @Option(names = "--burst-factor", defaultValue = "3", description = "The rate during a burst, as a multiple of "
            + "--rate (default: ${DEFAULT-VALUE}).")
    double factor;

    OpenLoop.Bursts bursts() {
        Duration cycle = TimeUtils.parseDuration(every);
        return cycle.isZero() ? OpenLoop.Bursts.NONE : new OpenLoop.Bursts(cycle, TimeUtils.parseDuration(length),
                factor);
    }
}
