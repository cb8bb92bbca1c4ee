package io.convstore.event;

/**
 * An ordered event as the serving store keeps it: the event, its preview and attributes, and the payload to store
 * (without the fields its type drops from the serving copy).
 */
public record ServingRow(Event event, String preview, String attributes, String payload) {}
