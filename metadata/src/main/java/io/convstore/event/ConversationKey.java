package io.convstore.event;

/** The Kafka key of a conversation, {@code <tenant_id>/<conversation_id>}: also the key of all keyed state. */
public final class ConversationKey {
    public static final char SEPARATOR = '/';

    private ConversationKey() {}

    public static String of(String tenantId, String conversationId) {
        return tenantId + SEPARATOR + conversationId;
    }
}
