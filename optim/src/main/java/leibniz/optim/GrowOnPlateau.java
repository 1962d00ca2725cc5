package leibniz.optim;

import java.util.Map;

/** {@code b = min(b₀ · factor^k, max)}, {@code k} the plateaus seen so far; see {@link Schedules#growOnPlateau}. */
final class GrowOnPlateau implements BatchSizeSchedule {
    private static final String COUNTER = "growths";

    private final int factor;
    private final int max;
    private final Plateau plateau;
    private int growths;

    GrowOnPlateau(int factor, int max, Plateau plateau) {
        this.factor = factor;
        this.max = max;
        this.plateau = plateau;
    }

    @Override
    public int batchSize(int epoch, int base) {
        Schedules.epoch("growOnPlateau", epoch);
        return GrowByEpochs.grown("growOnPlateau", base, factor, growths, max);
    }

    @Override
    public void observe(int epoch, double metric) {
        if (plateau.observe(epoch, metric)) {
            growths++;
        }
    }

    @Override
    public Map<String, Double> state() {
        Map<String, Double> s = Plateau.stateMap();
        s.put(COUNTER, (double) growths);
        plateau.saveTo(s);
        return s;
    }

    @Override
    public void restore(Map<String, Double> state) {
        growths = plateau.restore(state, COUNTER);
    }

    @Override
    public String toString() {
        return "growOnPlateau(factor=" + factor + ", max=" + max + ", growths=" + growths + ")";
    }
}
