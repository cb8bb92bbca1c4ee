package io.convstore.event;

/** The Kafka key of a conversation, {@code <tenant_id>/<conversation_id>}: also the key of all keyed state. */
public final class ConversationKey {
    public static final char SEPARATOR = '/';

    private ConversationKey() {}

    public static String of(String tenantId, String conversationId) {
        return tenantId + SEPARATOR + conversationId;
    }

    /** The tenant of {@code key} (up to the first separator: tenant ids have none), or null when it has none. */
    public static String tenantOf(String key) {
        int separator = key == null ? -1 : key.indexOf(SEPARATOR);
        return separator > 0 ? key.substring(0, separator) : null;
    }

    /** The conversation of {@code key} (after the first separator; conversation ids may contain it), or null. */
    public static String conversationOf(String key) {
        int separator = key == null ? -1 : key.indexOf(SEPARATOR);
        return separator > 0 ? key.substring(separator + 1) : null;
    }
}
