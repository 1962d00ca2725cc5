package leibniz.optim;

import java.util.Map;

/** {@code b = min(b₀ · factor^k, max)}, {@code k} the plateaus seen so far; see {@link Schedules#growOnPlateau}. */
final class GrowOnPlateau implements BatchSizeSchedule {
    private static final String COUNTER = "growths";

    private final int factor;
    private final int max;
    private final Plateau plateau;

    GrowOnPlateau(int factor, int max, Plateau plateau) {
        this.factor = factor;
        this.max = max;
        this.plateau = plateau;
    }

    @Override
    public int batchSize(int epoch, int base) {
        Schedules.epoch("growOnPlateau", epoch);
        return GrowByEpochs.grown("growOnPlateau", base, factor, plateau.plateaus(), max);
    }

    @Override
    public void observe(int epoch, double metric) {
        plateau.observe(epoch, metric);
    }

    @Override
    public Map<String, Double> state() {
        return plateau.state(COUNTER);
    }

    @Override
    public void restore(Map<String, Double> state) {
        plateau.restore(state, COUNTER);
    }

    @Override
    public String toString() {
        return "growOnPlateau(factor=" + factor + ", max=" + max + ", growths=" + plateau.plateaus() + ")";
    }
}
