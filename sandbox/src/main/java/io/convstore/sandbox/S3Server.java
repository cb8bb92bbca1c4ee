package io.convstore.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3-API server (s3proxy) in this JVM on a free loopback port, storing objects as files under a directory,
 * with AWS v2/v4 signature authentication by static keys.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "convstore";
    public static final String SECRET_KEY = "convstore-secret";
    public static final String REGION = "us-east-1";

    private final BlobStore store;
    private final int port;
    private S3Proxy proxy;

    private S3Server(BlobStore store, int port) {
        this.store = store;
        this.port = port;
    }

    public static S3Server start(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        S3Server server = new S3Server(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()),
                Ports.free());
        server.serve();
        return server;
    }

    /** Stops answering (connections refused) until {@link #resume()}; the objects stay. For outage drills. */
    public synchronized void pause() throws Exception {
        stopServing();
    }

    /** Answers again on the same port, with the same objects. */
    public synchronized void resume() throws Exception {
        serve();
    }

    private void serve() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start in 30 s, state " + proxy.getState());
            }
            Thread.sleep(20);
        }
        this.proxy = proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An S3 client for this server (path-style, static keys); close it after use. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                client.createBucket(request -> request.bucket(bucket));
            }
        } catch (BucketAlreadyOwnedByYouException e) {
            // created by a concurrent caller: what we wanted
        }
    }

    @Override
    public synchronized void close() throws Exception {
        stopServing();
    }

    /**
     * Stops the server. Jetty first waits for requests in flight (a job still writing while it is cancelled) and
     * reports a {@link TimeoutException} when they outlast its grace period — by then the connectors are closed and
     * the server is down, which is all a caller asks for.
     */
    private void stopServing() throws Exception {
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // stopped without waiting for the slowest request: fine for a test and demo server
        }
    }
}
