package io.convstore.event;

/**
 * Why an envelope was refused. Identity fields are filled in when they could be read, so a dead letter can
 * still be attributed to a tenant and conversation.
 */
public record Rejection(Reason reason, String message, String tenantId, String conversationId, String eventId) {

    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, message, null, null, null);
    }

    /** A record refused for its size, unparsed: tenant and conversation come from its key when it has one. */
    public static Rejection tooLarge(byte[] key, long bytes, long limit) {
        String text = key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
        String tenant = ConversationKey.tenantOf(text);
        String conversation = ConversationKey.conversationOf(text);
        return new Rejection(Reason.PAYLOAD_TOO_LARGE, String.format(java.util.Locale.ROOT,
                "record value of %,d bytes is larger than the limit of %,d bytes (convstore.validate.max-record-bytes)",
                bytes, limit), tenant, conversation, null);
    }
}
