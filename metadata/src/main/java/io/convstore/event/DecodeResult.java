package io.convstore.event;

/** What decoding one record gives: an accepted {@link Event} or a {@link Rejection}, never both, never neither. */
public sealed interface DecodeResult {

    record Accepted(Event event) implements DecodeResult {}

    record Rejected(Rejection rejection) implements DecodeResult {}
}
