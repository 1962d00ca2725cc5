package leibniz.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the W1-W4 benchmarks with JMH and prints one table: Leibniz, the same work by hand on EJML,
 * their ratio, and the peers' figures from the harness in {@code shared/bench/anchors} when given. W1-W3
 * run in float64 and float32 (JMH's {@code -p dtype=F32} keeps one), W4 in float64.
 *
 * <pre>
 * java -jar leibniz-benchmarks.jar [--only W1,W3] [--threads 1,2] [--peers results.tsv] [--out table.md]
 *                                  [--no-gc] [--heap-steps 10000 | --no-heap] [JMH options, e.g. -wi 5 -i 10]
 * </pre>
 * Defaults: one fork, 5 warm-up iterations of 2 s and 5 measured iterations of 1 s (the table shows
 * their median), JMH's GC profiler (bytes allocated per op), then the 10,000-step heap check of W1. {@code java -cp leibniz-benchmarks.jar
 * org.openjdk.jmh.Main} runs JMH directly.
 */
public final class BenchTable {
    private static final Map<String, String> CLASSES = Map.of(
            "W1", "W1TrainStep", "W2", "W2TanhChain", "W3", "W3MatMul", "W4", "W4Hvp");

    private BenchTable() {
    }

    /** Runs the suite; exits with 2 on bad arguments. */
    public static void main(String[] args) throws IOException, RunnerException {
        List<String> only = List.of("W1", "W2", "W3", "W4");
        String[] threads = {"1", "2"};
        PeerResults peers = PeerResults.none();
        Path out = null;
        boolean gc = true;
        int heapSteps = 10_000;
        List<String> jmh = new ArrayList<>();
        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                boolean hasValue = i + 1 < args.length;
                switch (a) {
                    case "--only" -> only = Arrays.asList(need(a, hasValue, args, ++i).split(","));
                    case "--threads" -> threads = need(a, hasValue, args, ++i).split(",");
                    case "--peers" -> peers = PeerResults.read(Path.of(need(a, hasValue, args, ++i)));
                    case "--out" -> out = Path.of(need(a, hasValue, args, ++i));
                    case "--heap-steps" -> heapSteps = Integer.parseInt(need(a, hasValue, args, ++i));
                    case "--no-heap" -> heapSteps = 0;
                    case "--no-gc" -> gc = false;
                    default -> jmh.add(a);
                }
            }
            CommandLineOptions cl = new CommandLineOptions(jmh.toArray(new String[0]));
            for (int i = 0; i < threads.length; i++) {
                // W2 has no products to share out: it runs once, with the first thread count.
                List<String> workloads = i == 0 ? only : only.stream().filter(w -> !w.equals("W2")).toList();
                if (!workloads.isEmpty()) {
                    runs.add(options(cl, workloads, Integer.parseInt(threads[i].trim()), gc));
                }
            }
        } catch (CommandLineOptionException | IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String load = loadAverage();
        List<RunResult> results = new ArrayList<>();
        for (ChainedOptionsBuilder run : runs) {
            results.addAll(new Runner(run.build()).run());
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%nLeibniz benchmarks, started %s (load %s), Java %s (%s), %d CPUs%n%n",
                started, load, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors()));
        report.append(ResultTable.format(results, peers));
        report.append(allocationsPerIteration(results));
        if (heapSteps > 0 && only.contains("W1")) {
            report.append(FlatHeap.check(heapSteps));
        }
        report.append(String.format(Locale.ROOT, "finished %s (load %s)%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), loadAverage()));
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report.toString());
        }
    }

    /** The 1, 5 and 15 minute load averages on Linux, so a table from a busy machine says so; "n/a" elsewhere. */
    private static String loadAverage() {
        Path p = Path.of("/proc/loadavg");
        try {
            String[] f = Files.readString(p).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }

    private static String need(String flag, boolean hasValue, String[] args, int i) {
        if (!hasValue) {
            System.err.println("benchmarks: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /**
     * The command line's JMH options, with this suite's defaults wherever it sets none, for one thread
     * count: the forked JVM sees that many processors, which sizes the common fork-join pool that
     * Leibniz's pure-Java products split over, a native BLAS gets that many threads, and the
     * benchmarks cap EJML's pool to it.
     */
    private static ChainedOptionsBuilder options(CommandLineOptions cl, List<String> only, int threads, boolean gc)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: counts must be at least 1, got " + threads);
        }
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cl);
        // G1 named explicitly: with one processor the JVM would otherwise pick the serial collector.
        b.jvmArgsAppend("-XX:ActiveProcessorCount=" + threads, "-XX:+UseG1GC");
        if (!cl.getJvm().hasValue()) {
            b.jvm(launcher(threads).toString());
        }
        if (cl.getIncludes().isEmpty()) {
            for (String w : only) {
                String cls = CLASSES.get(w.trim());
                if (cls == null) {
                    throw new IllegalArgumentException("--only: unknown workload '" + w + "', expected W1, W2, W3 or W4");
                }
                b.include(BenchTable.class.getPackageName() + "." + cls + "\\.");
            }
        }
        if (!cl.getForkCount().hasValue()) {
            b.forks(1);
        }
        // Ten seconds of warm-up: a prepared program reaches its steady speed only after 4-6 s of JIT work
        // (W1 runs 5-6x slower for the first three seconds), longer with one processor.
        if (!cl.getWarmupIterations().hasValue()) {
            b.warmupIterations(5);
        }
        if (!cl.getWarmupTime().hasValue()) {
            b.warmupTime(TimeValue.seconds(2));
        }
        if (!cl.getMeasurementIterations().hasValue()) {
            b.measurementIterations(5);
        }
        if (!cl.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.seconds(1));
        }
        b.param("threads", Integer.toString(threads));
        if (gc && cl.getProfilers().isEmpty()) {
            b.addProfiler(GCProfiler.class);
        }
        return b;
    }

    /**
     * A script that starts this JVM with a native BLAS (OpenBLAS, when the system has it) limited to
     * {@code threads} threads: OpenBLAS reads its thread count from the environment, which JMH's forks
     * otherwise inherit unchanged from this process.
     */
    private static Path launcher(int threads) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path script = Files.createTempFile("leibniz-bench-java-" + threads + "t-", ".sh");
        script.toFile().deleteOnExit();
        Files.writeString(script, "#!/bin/sh\nOPENBLAS_NUM_THREADS=" + threads + " OMP_NUM_THREADS=" + threads
                + " exec '" + java + "' \"$@\"\n");
        if (!script.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + script + " executable");
        }
        return script;
    }

    /** Leibniz's W1 bytes allocated per step in each measured iteration: flat when nothing leaks into later steps. */
    private static String allocationsPerIteration(List<RunResult> results) {
        StringBuilder s = new StringBuilder();
        for (RunResult r : results) {
            if (!r.getParams().getBenchmark().endsWith("W1TrainStep.leibniz")) {
                continue;
            }
            StringBuilder per = new StringBuilder();
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    for (Map.Entry<String, Result> e : ir.getSecondaryResults().entrySet()) {
                        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                            per.append(String.format(Locale.ROOT, " %,.0f", e.getValue().getScore()));
                        }
                    }
                }
            }
            if (per.length() > 0) {
                s.append(String.format(Locale.ROOT, "%nW1 Leibniz, %s, threads=%s: bytes allocated per step in each iteration:%s%n",
                        r.getParams().getParam("dtype"), r.getParams().getParam("threads"), per));
            }
        }
        return s.toString();
    }
}
