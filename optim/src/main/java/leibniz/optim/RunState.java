package leibniz.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a training run stands, beyond its parameters and optimizer state: the last completed epoch, the
 * global step count (which is also the position of a {@link StepSchedule}), the seed of the data order,
 * the base learning rate, the last batch size and the schedules' state. It round-trips through a checkpoint's string metadata; doubles are written with
 * {@link Double#toString}, which reads back to the same bits.
 */
final class RunState {
    private static final String EPOCH = "trainer.epoch";
    private static final String STEP = "trainer.step";
    private static final String SEED = "trainer.seed";
    private static final String BATCH_SIZE = "trainer.batch_size";
    private static final String BASE_RATE = "trainer.base_lr";
    private static final String RATE_SCHEDULE = "lr_schedule.";
    private static final String SIZE_SCHEDULE = "batch_schedule.";

    int epoch;
    long step;
    long seed;
    double baseRate;
    int batchSize;

    RunState(long seed, double baseRate, int batchSize) {
        this.seed = seed;
        this.baseRate = baseRate;
        this.batchSize = batchSize;
    }

    Map<String, String> metadata(Optional<LearningRateSchedule> rate, Optional<BatchSizeSchedule> size) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EPOCH, Integer.toString(epoch));
        m.put(STEP, Long.toString(step));
        m.put(SEED, Long.toString(seed));
        m.put(BATCH_SIZE, Integer.toString(batchSize));
        m.put(BASE_RATE, Double.toString(baseRate));
        rate.ifPresent(s -> s.state().forEach((k, v) -> m.put(RATE_SCHEDULE + k, Double.toString(v))));
        size.ifPresent(s -> s.state().forEach((k, v) -> m.put(SIZE_SCHEDULE + k, Double.toString(v))));
        return m;
    }

    /** Reads the run's position back from checkpoint metadata and restores the schedules' state. */
    void restore(String file, Map<String, String> m, Optional<LearningRateSchedule> rate,
            Optional<BatchSizeSchedule> size) {
        for (String key : new String[] {EPOCH, STEP, SEED, BATCH_SIZE, BASE_RATE}) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("Trainer.resume: " + file + " has no '" + key
                        + "': not a checkpoint written by a trainer");
            }
        }
        // Parse everything before changing anything, so a bad entry leaves this state as it was.
        int e = Integer.parseInt(m.get(EPOCH));
        long t = Long.parseLong(m.get(STEP));
        long s0 = Long.parseLong(m.get(SEED));
        int b = Integer.parseInt(m.get(BATCH_SIZE));
        double r = Double.parseDouble(m.get(BASE_RATE));
        rate.ifPresent(s -> s.restore(prefixed(m, RATE_SCHEDULE)));
        size.ifPresent(s -> s.restore(prefixed(m, SIZE_SCHEDULE)));
        epoch = e;
        step = t;
        seed = s0;
        batchSize = b;
        baseRate = r;
    }

    private static Map<String, Double> prefixed(Map<String, String> m, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), Double.parseDouble(v));
            }
        });
        return out;
    }
}
