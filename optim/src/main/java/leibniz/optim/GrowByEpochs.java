package leibniz.optim;

/** {@code b_e = min(b₀ · factor^⌊e / every⌋, max)}; see {@link Schedules#growByEpochs}. */
record GrowByEpochs(int every, int factor, int max) implements BatchSizeSchedule {
    @Override
    public int batchSize(int epoch, int base) {
        Schedules.epoch("growByEpochs", epoch);
        return grown("growByEpochs", base, factor, epoch / every, max);
    }

    /** {@code min(base · factor^k, max)} without overflow, after checking {@code 1 <= base <= max}. */
    static int grown(String op, int base, int factor, int k, int max) {
        if (base < 1 || base > max) {
            throw new IllegalArgumentException(op + ": base batch size must be in [1, " + max + "], got " + base);
        }
        long b = base;
        for (int i = 0; i < k && b < max; i++) {
            b *= factor;
        }
        return (int) Math.min(b, max);
    }

    @Override
    public String toString() {
        return "growByEpochs(every=" + every + ", factor=" + factor + ", max=" + max + ")";
    }
}
