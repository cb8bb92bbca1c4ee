package io.convstore.api;

import io.convstore.event.EnvelopeDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Per-tenant API keys, {@code csk_<key id>_<secret>}. Only the SHA-256 of the secret is stored (table
 * {@code api_keys}, serving migration V8): the key is shown once, when it is created. A key authenticates its
 * tenant until revoked.
 */
final class ApiKeys {
    private static final Pattern KEY = Pattern.compile("csk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored key, without its secret. */
    record Key(String keyId, String tenantId, Instant createdAt, Instant revokedAt) {}

    private final DataSource database;

    ApiKeys(DataSource database) {
        this.database = database;
    }

    /** A new key for {@code tenantId}; the returned text is the only time the secret is seen. */
    String create(String tenantId) throws SQLException {
        if (!EnvelopeDecoder.validTenantId(tenantId)) {
            throw new IllegalArgumentException("not a tenant id ([A-Za-z0-9_-]{1,64}): '" + tenantId + "'");
        }
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO api_keys (key_id, tenant_id, secret_sha256) VALUES (?, ?, ?)")) {
            insert.setString(1, keyId);
            insert.setString(2, tenantId);
            insert.setBytes(3, sha256(secretText));
            insert.executeUpdate();
        }
        return "csk_" + keyId + "_" + secretText;
    }

    /** The tenant {@code key} authenticates, or null (malformed, unknown, wrong secret or revoked). */
    String tenantOf(String key) throws SQLException {
        Matcher m = key == null ? null : KEY.matcher(key.strip());
        if (m == null || !m.matches()) {
            return null;
        }
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tenant_id, secret_sha256 FROM api_keys WHERE key_id = ? AND revoked_at IS NULL")) {
            query.setString(1, m.group(1));
            try (ResultSet row = query.executeQuery()) {
                if (row.next() && MessageDigest.isEqual(row.getBytes(2), sha256(m.group(2)))) {
                    return row.getString(1);
                }
            }
        }
        return null;
    }

    /** The keys of {@code tenantId} (all tenants when null), newest first. */
    List<Key> list(String tenantId) throws SQLException {
        List<Key> keys = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT key_id, tenant_id, created_at, "
                        + "revoked_at FROM api_keys WHERE ? IS NULL OR tenant_id = ? ORDER BY created_at DESC")) {
            query.setString(1, tenantId);
            query.setString(2, tenantId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    keys.add(new Key(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                            row.getTimestamp(4) == null ? null : row.getTimestamp(4).toInstant()));
                }
            }
        }
        return keys;
    }

    /** Revokes the key {@code keyId} of {@code tenantId}; false when there is no such live key. */
    boolean revoke(String tenantId, String keyId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE api_keys SET revoked_at = now() "
                        + "WHERE key_id = ? AND tenant_id = ? AND revoked_at IS NULL")) {
            update.setString(1, keyId);
            update.setString(2, tenantId);
            return update.executeUpdate() == 1;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
