package io.convstore.bench;

/**
 * The shape of generated traffic.
 *
 * @param conversations conversations open at any time (a closed one is replaced by a new one)
 * @param tenants tenants, whose share of conversations follows Zipf's law
 * @param zipfExponent skew of tenant activity: 0 is uniform, 1 is classic Zipf, higher is hotter
 * @param duplicateRate share of records that re-send the conversation's previous record (producer retries)
 * @param outOfOrderRate share of events sent after the event that follows them
 * @param badRate share of records that break the contract (truncated JSON, unknown type, wrong key, bad payload)
 * @param noSeqRate share of conversations whose producer sends no {@code seq}
 * @param run a short id that makes conversation and event ids unique to this run
 */
public record TrafficSettings(long seed, int conversations, int tenants, double zipfExponent, double duplicateRate,
        double outOfOrderRate, double badRate, double noSeqRate, String run) {

    /** 100,000 conversations over 50 tenants, Zipf 1.1, 1 % duplicates, 2 % out of order, 0.3 % bad. */
    public static TrafficSettings defaults(long seed, String run) {
        return new TrafficSettings(seed, 100_000, 50, 1.1, 0.01, 0.02, 0.003, 0.2, run);
    }

    public TrafficSettings withConversations(int count) {
        return new TrafficSettings(seed, count, tenants, zipfExponent, duplicateRate, outOfOrderRate, badRate,
                noSeqRate, run);
    }

    public TrafficSettings withTenants(int count, double exponent) {
        return new TrafficSettings(seed, conversations, count, exponent, duplicateRate, outOfOrderRate, badRate,
                noSeqRate, run);
    }

    public TrafficSettings withFaults(double duplicates, double outOfOrder, double bad) {
        return new TrafficSettings(seed, conversations, tenants, zipfExponent, duplicates, outOfOrder, bad,
                noSeqRate, run);
    }

    void check() {
        if (conversations < 1 || tenants < 1 || zipfExponent < 0) {
            throw new IllegalArgumentException("conversations and tenants must be >= 1 and the Zipf exponent >= 0");
        }
        for (double rate : new double[] {duplicateRate, outOfOrderRate, badRate, noSeqRate}) {
            if (rate < 0 || rate > 0.5) {
                throw new IllegalArgumentException("fault rates must be between 0 and 0.5, was " + rate);
            }
        }
    }
}
