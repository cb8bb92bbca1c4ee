package io.convstore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ./convstore test}. The launcher script runs the suite itself (it must work before anything is built);
 * this command exists so that {@code --help} lists it, and does the same when called directly.
 */
@Command(name = "test", description = "Run the whole test suite (mvn -B verify) against real local services.")
final class TestCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new ProcessBuilder("mvn", "-B", "verify").directory(Home.root().toFile()).inheritIO().start()
                .waitFor();
    }
}
