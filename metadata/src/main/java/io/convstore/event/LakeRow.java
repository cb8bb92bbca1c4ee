package io.convstore.event;

/**
 * An ordered event bound for its type's own lake table, with that table's definition (a serialized
 * {@code LakeTarget}) as the route stage resolved it from the metadata version in force: the table writer needs
 * nothing else, so metadata can change while the job runs.
 */
public record LakeRow(Event event, byte[] lakeTarget) {}
