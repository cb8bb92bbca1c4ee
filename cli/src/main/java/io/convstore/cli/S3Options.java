package io.convstore.cli;

import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.payloads.PayloadStore;
import picocli.CommandLine.Option;

/**
 * The {@code --s3-*} options: how to reach S3 (endpoint, keys, region) for the commands that read offloaded payloads
 * back — rows and dead letters carry the object's full reference, so nothing more is needed — and for those that read
 * the lake. Without keys, the AWS default credential chain (environment, profile) applies.
 */
final class S3Options {
    @Option(names = "--s3-endpoint", description = "S3-API endpoint, e.g. http://127.0.0.1:9000 "
            + "(default: AWS).")
    String endpoint;

    @Option(names = "--s3-access-key", description = "S3 access key (default: the AWS credential chain).")
    String accessKey;

    @Option(names = "--s3-secret-key", description = "S3 secret key.")
    String secretKey;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "S3 region (default: ${DEFAULT-VALUE}).")
    String region;

    /** A store that reads references (s3:// or file:), writing nowhere. */
    PayloadStore open() {
        return PayloadStore.open(settings());
    }

    PayloadStore.Settings settings() {
        return new PayloadStore.Settings(null, LakeSettings.s3Properties(endpoint, accessKey, secretKey, region,
                true));
    }
}
