package io.convstore.jobs.it;

import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real sandbox services (Kafka, PostgreSQL, S3) once per test JVM and stops them when the JVM's last
 * test class is done — after every class-level MiniCluster has shut down, so no job loses its services early.
 */
final class SandboxExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    /** Hands the services of this JVM to a test method that declares a {@link Sandbox} parameter. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(),
                Running.class).sandbox;
    }

    private record Running(Sandbox sandbox) implements ExtensionContext.Store.CloseableResource {
        static Running start() {
            try {
                // under /tmp so that the postgres OS user can reach the data directory when tests run as root
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-it-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                return new Running(Sandbox.start(dir, Postgres.Durability.THROWAWAY));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the sandbox services", e);
            }
        }

        @Override
        public void close() throws Exception {
            sandbox.close();
        }
    }
}
