package leibniz.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The peers' figures from the harness in {@code shared/bench/anchors} ({@code results/results.tsv}:
 * workload, framework, dtype, threads, variant, min, median, max in µs, note), reduced as its own
 * table does: per workload, framework, element type ({@code f64} or {@code f32}) and thread count, the
 * best median over the variants that do forward and backward.
 */
final class PeerResults {
    private final Map<String, Double> best;

    private PeerResults(Map<String, Double> best) {
        this.best = best;
    }

    static PeerResults none() {
        return new PeerResults(Map.of());
    }

    static PeerResults read(Path tsv) throws IOException {
        Map<String, Double> best = new HashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t", -1);
            if (f.length < 8 || f[4].contains("forward only")) {
                continue;
            }
            double median;
            try {
                median = Double.parseDouble(f[6]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("peer results " + tsv + ": bad median '" + f[6] + "' in: " + line, e);
            }
            if (Double.isNaN(median)) {
                continue; // the harness's mark for "not supported"
            }
            best.merge(key(f[0], f[1], f[2], Integer.parseInt(f[3])), median, Math::min);
        }
        return new PeerResults(best);
    }

    /**
     * The best median in µs of {@code framework} (e.g. {@code djl-pytorch}) on a workload ({@code W2_8x8})
     * in an element type as the harness names it ({@code f64}, {@code f32}).
     */
    OptionalDouble micros(String workload, String framework, String dtype, int threads) {
        Double v = best.get(key(workload, framework, dtype, threads));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static String key(String workload, String framework, String dtype, int threads) {
        return workload + "/" + framework + "/" + dtype + "/" + threads;
    }
}
