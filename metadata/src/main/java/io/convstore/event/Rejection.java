package io.convstore.event;

/**
 * Why an envelope was refused. Identity fields are filled in when they could be read, so a dead letter can
 * still be attributed to a tenant and conversation.
 */
public record Rejection(Reason reason, String message, String tenantId, String conversationId, String eventId) {

    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, message, null, null, null);
    }
}
