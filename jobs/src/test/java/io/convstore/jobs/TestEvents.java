package io.convstore.jobs;

import io.convstore.event.Event;

/** Builds validated {@link Event}s with defaults, for stage tests: {@code TestEvents.event("e-1").seq(3).build()}. */
public final class TestEvents {
    private String eventId;
    private String tenantId = "acme";
    private String conversationId = "c-1";
    private String type = "chat.message";
    private Long seq;
    private long occurredAtMicros = 1_796_379_330_000_000L;
    private String payload = "{\"text\":\"hi\"}";

    private TestEvents(String eventId) {
        this.eventId = eventId;
    }

    public static TestEvents event(String eventId) {
        return new TestEvents(eventId);
    }

    public TestEvents seq(long value) {
        this.seq = value;
        return this;
    }

    public TestEvents conversation(String tenant, String conversation) {
        this.tenantId = tenant;
        this.conversationId = conversation;
        return this;
    }

    public TestEvents occurredAtMicros(long value) {
        this.occurredAtMicros = value;
        return this;
    }

    public TestEvents payload(String json) {
        this.payload = json;
        return this;
    }

    public Event build() {
        return new Event(eventId, tenantId, conversationId, type, 1, seq, occurredAtMicros, "web", "customer", "u-1",
                payload, 0, 0L, 1_000L, 0L, 0L, false, 0L);
    }
}
