package io.convstore.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three real services convstore needs, started together on loopback: a Kafka broker, PostgreSQL and an S3-API
 * server. PostgreSQL data and S3 objects live under {@code dir} (so they survive a restart on the same directory);
 * the broker's log is always fresh.
 */
public final class Sandbox implements AutoCloseable {
    /** The bucket that holds the lake. */
    public static final String LAKE_BUCKET = "convstore-lake";

    private final KafkaBroker kafka;
    private final Postgres postgres;
    private final S3Server s3;

    private Sandbox(KafkaBroker kafka, Postgres postgres, S3Server s3) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
    }

    public static Sandbox start(Path dir, Postgres.Durability durability) throws Exception {
        Files.createDirectories(dir);
        Postgres postgres = Postgres.start(dir.resolve("postgres"), durability);
        S3Server s3 = null;
        try {
            s3 = S3Server.start(dir.resolve("s3"));
            s3.createBucket(LAKE_BUCKET);
            KafkaBroker kafka = KafkaBroker.start(null);
            return new Sandbox(kafka, postgres, s3);
        } catch (Exception e) {
            if (s3 != null) {
                s3.close();
            }
            postgres.close();
            throw e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Postgres postgres() {
        return postgres;
    }

    public S3Server s3() {
        return s3;
    }

    /** Stops every service; the first failure is thrown after all were asked to stop. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable service : new AutoCloseable[] {kafka, s3, postgres}) {
            try {
                service.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
