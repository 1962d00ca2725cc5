package leibniz.optim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * An experiment sweep on Spark: a grid or a random search of configurations, each run with every seed, each
 * run an independent Spark task that trains on one machine (a whole {@link Trainer} run), the histories and
 * final metrics collected into Spark data frames and CSV files ({@link SparkSweepResults}).
 *
 * <pre>{@code
 * SparkSweepResults results = SparkSweep.grid().values("learning_rate", 0.01, 0.003).values("hidden", 32, 128)
 *         .seeds(1, 2, 3)
 *         .run(spark, trial -> {                       // runs on an executor: read the data there
 *             Dataset.Split data = load().split(0.2, 42);
 *             Sequential net = mlp(64, trial.integer("hidden"), 10, new SplittableRandom(trial.seed()));
 *             Trainer t = Trainer.builder()....optimizer(Adam.create(trial.number("learning_rate")))
 *                     .seed(trial.seed()).quiet().build();
 *             return SparkTrial.Outcome.of(t.fit(data.train()), "test", t.evaluate(data.validation()));
 *         });
 * results.writeCsv(Path.of("sweep"));   // sweep/runs.csv and sweep/history.csv
 * }</pre>
 *
 * <p>A run that throws (a diverging loss, a configuration its model refuses) is recorded with its sentence as
 * its status, and the others go on; Spark retries a task only when its executor fails. Each run is as
 * reproducible as its experiment: same trial, same numbers, wherever it runs.
 */
public final class SparkSweep {
    private final boolean grid;
    private final int count;
    private final long seed;
    private final Map<String, Function<SplittableRandom, Object>> draws = new LinkedHashMap<>();
    private final Map<String, List<Object>> axes = new LinkedHashMap<>();
    private final List<Long> seeds = new ArrayList<>(List.of(0L));

    private SparkSweep(boolean grid, int count, long seed) {
        this.grid = grid;
        this.count = count;
        this.seed = seed;
    }

    /** The code of one run: from a trial to its outcome. Serializable; it runs on an executor. */
    @FunctionalInterface
    public interface Experiment extends Serializable {
        /** Trains and evaluates one configuration with one seed. */
        SparkTrial.Outcome run(SparkTrial trial) throws Exception;
    }

    /** A grid: every combination of the values given to {@link #values}, the last name varying fastest. */
    public static SparkSweep grid() {
        return new SparkSweep(true, 0, 0);
    }

    /** A random search of {@code count} configurations drawn with {@code seed} from the ranges given. */
    public static SparkSweep random(int count, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("SparkSweep.random: count must be positive, got " + count);
        }
        return new SparkSweep(false, count, seed);
    }

    /** Grid values of {@code name}: numbers or words, at least one. */
    public SparkSweep values(String name, Object... values) {
        requireGrid(true, "values");
        name(name);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("SparkSweep.values: '" + name + "' needs at least one value");
        }
        for (Object v : values) {
            if (!(v instanceof Number || v instanceof String)) {
                throw new IllegalArgumentException("SparkSweep.values: '" + name + "' has " + v
                        + "; values are numbers or words");
            }
        }
        axes.put(name, List.of(values));
        return this;
    }

    /** A number drawn uniformly from {@code [lo, hi)}. */
    public SparkSweep uniform(String name, double lo, double hi) {
        range("uniform", name, lo, hi);
        draws.put(name, r -> lo + (hi - lo) * r.nextDouble());
        return this;
    }

    /** A positive number whose logarithm is uniform: learning rates, weight decays. */
    public SparkSweep logUniform(String name, double lo, double hi) {
        range("logUniform", name, lo, hi);
        if (!(lo > 0)) {
            throw new IllegalArgumentException("SparkSweep.logUniform: '" + name + "' needs a positive range, got ["
                    + lo + ", " + hi + ")");
        }
        draws.put(name, r -> Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r.nextDouble()));
        return this;
    }

    /** A whole number drawn uniformly from {@code lo} to {@code hi}, both included. */
    public SparkSweep integers(String name, long lo, long hi) {
        range("integers", name, lo, hi + 1);
        draws.put(name, r -> r.nextLong(lo, hi + 1));
        return this;
    }

    /** One of {@code choices}, each equally likely: numbers or words. */
    public SparkSweep choice(String name, Object... choices) {
        requireGrid(false, "choice");
        name(name);
        if (choices == null || choices.length == 0) {
            throw new IllegalArgumentException("SparkSweep.choice: '" + name + "' needs at least one choice");
        }
        List<Object> c = List.of(choices);
        draws.put(name, r -> c.get(r.nextInt(c.size())));
        return this;
    }

    /** The seeds every configuration runs with; {@code 0} alone by default. */
    public SparkSweep seeds(long... seeds) {
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("SparkSweep.seeds: needs at least one seed");
        }
        this.seeds.clear();
        for (long s : seeds) {
            this.seeds.add(s);
        }
        return this;
    }

    private void range(String op, String name, double lo, double hi) {
        requireGrid(false, op);
        name(name);
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("SparkSweep." + op + ": '" + name + "' needs finite lo < hi, got ["
                    + lo + ", " + hi + ")");
        }
    }

    /** The columns of the results that are not settings: a setting of one of these names would be ambiguous. */
    static final List<String> RESERVED = List.of("run", "seed", "status", "epoch", "step", "loss", "lr", "batch_size",
            "steps", "seconds");

    private void name(String name) {
        if (name == null || name.isBlank() || axes.containsKey(name) || draws.containsKey(name)
                || RESERVED.contains(name)) {
            throw new IllegalArgumentException("SparkSweep: '" + name + "' cannot name a setting: names must be new, "
                    + "non-blank and none of " + RESERVED + " (say learning_rate for lr)");
        }
    }

    private void requireGrid(boolean wanted, String op) {
        if (grid != wanted) {
            throw new IllegalArgumentException("SparkSweep." + op + ": belongs to a " + (wanted ? "grid" : "random")
                    + " sweep, this is a " + (grid ? "grid" : "random search"));
        }
    }

    /** The runs in order: each configuration with each seed. */
    public List<SparkTrial> trials() {
        List<Map<String, Object>> configs = new ArrayList<>();
        if (grid) {
            configs.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
                List<Map<String, Object>> next = new ArrayList<>();
                for (Map<String, Object> c : configs) {
                    for (Object v : axis.getValue()) {
                        Map<String, Object> m = new LinkedHashMap<>(c);
                        m.put(axis.getKey(), v);
                        next.add(m);
                    }
                }
                configs = next;
            }
        } else {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < count; i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                draws.forEach((name, draw) -> m.put(name, draw.apply(r)));
                configs.add(m);
            }
        }
        List<SparkTrial> trials = new ArrayList<>();
        for (Map<String, Object> c : configs) {
            for (long s : seeds) {
                trials.add(new SparkTrial(trials.size(), c, s));
            }
        }
        return trials;
    }

    /** Runs every trial as its own Spark task and collects the results on the driver. */
    public SparkSweepResults run(SparkSession spark, Experiment experiment) {
        JavaSparkContext jsc = SparkData.context(spark);
        if (experiment == null) {
            throw new IllegalArgumentException("SparkSweep: an experiment is required");
        }
        List<SparkTrial> trials = trials();
        jsc.setJobDescription("Leibniz sweep of " + trials.size() + " runs");
        List<SparkSweepResults.Run> runs;
        try {
            runs = jsc.parallelize(trials, trials.size()).map(t -> SparkSweepResults.Run.of(t, experiment)).collect();
        } catch (Exception e) {
            throw SparkFailure.of("SparkSweep", e);
        }
        return new SparkSweepResults(spark, runs);
    }
}
