package io.convstore.jobs.traffic;

import java.io.Serializable;
import java.time.Duration;

/**
 * Tenant-traffic windows and the hot-tenant flag.
 *
 * @param allowedLateness how long after a minute closed its window still takes late records (each changes it:
 *     an {@code update} row); later records are counted as {@code late} rows
 * @param hotShare a tenant whose share of all events in a minute is above this is flagged hot
 * @param hotMinEvents minutes with fewer events in total flag nobody (a quiet minute has no hot tenant)
 */
public record TrafficSettings(Duration allowedLateness, double hotShare, long hotMinEvents) implements Serializable {}
