package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One markdown table from a JMH run and the peers' figures: per workload, element type and thread count,
 * Leibniz's and the hand-written EJML time in that type (medians of the measured iterations), their
 * ratio, the peers' times in the same type where the harness measured it, and Leibniz's ratio to each.
 * Rows run W1 f64, W1 f32, W2 8x8 f64, ..., each by thread count; W4 is f64 only.
 */
final class ResultTable {
    private static final String[] PEERS = {"djl-pytorch", "samediff", "numpy"};
    private static final String[] PEER_TITLES = {"PyTorch (DJL)", "SameDiff", "numpy"};

    /** One row's measurements: mean µs per op, and Leibniz's bytes allocated per op (NaN without the GC profiler). */
    private static final class Row {
        double leibniz = Double.NaN;
        double ejml = Double.NaN;
        double bytes = Double.NaN;
    }

    private ResultTable() {
    }

    static String format(Collection<RunResult> results, PeerResults peers) {
        Map<String, Row> rows = new TreeMap<>(Comparator.comparing(ResultTable::order));
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            String cls = bench.substring(0, bench.lastIndexOf('.'));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            String threads = r.getParams().getParam("threads");
            String dtype = r.getParams().getParam("dtype");
            String key = workload(cls, r) + "\t" + (dtype == null ? "f64" : dtype.toLowerCase(Locale.ROOT))
                    + "\t" + (threads == null ? "1" : threads);
            Row row = rows.computeIfAbsent(key, k -> new Row());
            double us = median(r);
            if (method.equals("leibniz")) {
                row.leibniz = us;
                for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                    if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                        row.bytes = e.getValue().getScore();
                    }
                }
            } else {
                row.ejml = us;
            }
        }
        StringBuilder s = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("workload", "threads", "Leibniz", "EJML by hand", "Leibniz/EJML"));
        for (String t : PEER_TITLES) {
            head.add(t);
        }
        head.add("Leibniz/PyTorch");
        head.add("Leibniz/SameDiff");
        head.add("Leibniz alloc/op");
        line(s, head);
        s.append("|").append("---|".repeat(head.size())).append('\n');
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            String[] k = e.getKey().split("\t");
            Row row = e.getValue();
            int threads = Integer.parseInt(k[2]);
            List<String> cells = new ArrayList<>(List.of(label(k[0], k[1]), k[2], time(k[0], row.leibniz),
                    time(k[0], row.ejml), ratio(row.leibniz, row.ejml)));
            double[] peer = new double[PEERS.length];
            for (int i = 0; i < PEERS.length; i++) {
                OptionalDouble p = peers.micros(k[0], PEERS[i], k[1], threads);
                peer[i] = p.orElse(Double.NaN);
                cells.add(time(k[0], peer[i]));
            }
            cells.add(ratio(row.leibniz, peer[0]));
            cells.add(ratio(row.leibniz, peer[1]));
            cells.add(Double.isNaN(row.bytes) ? "-" : String.format(Locale.ROOT, "%,.0f B", row.bytes));
            line(s, cells);
        }
        return s.toString();
    }

    /**
     * The median over the measured iterations (of every fork) of the mean time per op, as the peer
     * harness reports the median of its repetitions: one iteration disturbed by another process on a
     * shared machine does not move it.
     */
    static double median(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        if (scores.isEmpty()) {
            return r.getPrimaryResult().getScore();
        }
        Collections.sort(scores);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    /** Rows in the order (W2 8×8 before 1×1), f64 before f32, then by thread count. */
    private static String order(String key) {
        return key.replace("W2_8x8", "W2_0").replace("W2_1x1", "W2_1")
                .replace("\tf64\t", "\t0\t").replace("\tf32\t", "\t1\t");
    }

    /** The harness's workload names: W1, W2_8x8, W2_1x1, W3, W4. */
    private static String workload(String cls, RunResult r) {
        String w = cls.substring(0, 2);
        if (w.equals("W2")) {
            String n = r.getParams().getParam("size");
            return w + "_" + n + "x" + n;
        }
        if (w.equals("W3")) {
            String n = r.getParams().getParam("n");
            return n.equals("1024") ? w : w + "_" + n;
        }
        return w;
    }

    private static String label(String workload, String dtype) {
        return workload.replace('_', ' ') + " " + dtype;
    }

    /** Milliseconds, except W2 in microseconds (its point is the cost per op). */
    private static String time(String workload, double us) {
        if (Double.isNaN(us)) {
            return "-";
        }
        if (workload.startsWith("W2")) {
            return String.format(Locale.ROOT, "%,.1f µs", us);
        }
        return String.format(Locale.ROOT, us < 10_000 ? "%.2f ms" : "%,.0f ms", us / 1000);
    }

    /** {@code a/b} to two decimals, or as {@code 1/n} below 0.1 so that targets like "1/20 of PyTorch" read directly. */
    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return "-";
        }
        double r = a / b;
        return r < 0.1 ? String.format(Locale.ROOT, "1/%.0f", 1 / r) : String.format(Locale.ROOT, "%.2f", r);
    }

    private static void line(StringBuilder s, List<String> cells) {
        s.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
