package leibniz.core;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The row-major product {@code c = op(a)·op(b)} on BLAS {@code dgemm} (or {@code sgemm} for F32) through {@code dev.ludovic.netlib}: the
 * system's native BLAS when {@code libblas.so.3} loads (OpenBLAS, from Debian's {@code libopenblas0-pthread}),
 * otherwise netlib's pure-Java BLAS, which uses the JDK's vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p>BLAS is column-major, and a row-major matrix read column-major is its transpose. The row-major
 * {@code c[m×n]} is therefore the column-major {@code cᵀ[n×m] = op(b)ᵀ·op(a)ᵀ}: the operands swap places and
 * keep their own transpose flags, and no operand is ever copied.
 */
final class Blas {
    /** Each part of a split product gets at least this many output rows, so its kernel still blocks well. */
    private static final int MIN_ROWS_PER_PART = 64;
    /** At most this many blocks, enough for 8 cores; a fixed number, so that results do not depend on the cores. */
    static final int MAX_BLOCKS = 8;

    private Blas() {}

    /** Loaded on first use, so that programs whose products all stay small never load netlib. */
    private static final class Holder {
        static final BLAS INSTANCE = load(System.getProperty(PROPERTY, "auto"));
        static final boolean NATIVE = INSTANCE instanceof NativeBLAS;
    }

    /**
     * The system property that chooses the BLAS: {@code java} keeps to netlib's pure-Java BLAS even where a
     * native one is installed (results that do not depend on the machine's library, or a measurement of the
     * pure-Java path); unset, or {@code auto}, lets netlib pick the native BLAS when it loads.
     */
    static final String PROPERTY = "leibniz.blas";

    /**
     * netlib's instance for a {@link #PROPERTY} value, {@link JavaBLAS} for {@code java}. Its loader logs a
     * warning for each implementation it could not load (no native BLAS on the machine, no vector module),
     * which would repeat in every test JVM of a machine without OpenBLAS.
     * Unless the user configured a level for netlib's loggers, those warnings are muted while loading only.
     */
    static BLAS load(String choice) {
        if (choice.equals("java")) {
            return JavaBLAS.getInstance();
        }
        if (!choice.equals("auto")) {
            throw new IllegalArgumentException(PROPERTY + ": expected java or auto, got '" + choice + "'");
        }
        Logger log = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        if (configured(log)) {
            return BLAS.getInstance();
        }
        log.setLevel(Level.SEVERE);
        try {
            return BLAS.getInstance();
        } finally {
            log.setLevel(null);
        }
    }

    /** Whether the logger or a parent in netlib's hierarchy has a level set by the user (or a config file). */
    private static boolean configured(Logger log) {
        for (Logger l = log; l != null && l.getName().startsWith("dev"); l = l.getParent()) {
            if (l.getLevel() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code c[offC..] = op(a[offA..])·op(b[offB..])}, row-major, where {@code op(a)} is {@code m×k} and
     * {@code op(b)} is {@code k×n}; all three are dense at their offsets. {@code m, n, k ≥ 1}.
     */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int offA, double[] b, int offB,
            double[] c, int offC) {
        split(m, n, k, (i0, i1) -> {
            int lda = ta ? m : k; // the row length of a's storage
            int rowA = ta ? offA + i0 : offA + i0 * lda;
            Holder.INSTANCE.dgemm(tb ? "T" : "N", ta ? "T" : "N", n, i1 - i0, k, 1.0, b, offB, tb ? k : n, a, rowA,
                    lda, 0.0, c, offC + i0 * n, n);
        });
    }

    /** {@link #gemm} in single precision, on BLAS {@code sgemm}. */
    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int offA, float[] b, int offB,
            float[] c, int offC) {
        split(m, n, k, (i0, i1) -> {
            int lda = ta ? m : k;
            int rowA = ta ? offA + i0 : offA + i0 * lda;
            Holder.INSTANCE.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, i1 - i0, k, 1.0f, b, offB, tb ? k : n, a, rowA,
                    lda, 0.0f, c, offC + i0 * n, n);
        });
    }

    /**
     * Runs the output rows of an {@code m×n} product in row blocks. The blocks are a function of the
     * product's size alone, never of the core count, so every machine computes each output row in the
     * same block of the same height and gets the same bits; the cores share out the blocks.
     */
    private static void split(int m, int n, int k, Parallel.Block block) {
        // OpenBLAS threads by itself; netlib's Java BLAS is single-threaded.
        Parallel.run(Holder.NATIVE ? 1 : blocks(m, n, k), m, block);
    }

    /**
     * How many row blocks a pure-Java product is split into: one below {@link MatMul#PARALLEL_THRESHOLD},
     * otherwise as many blocks of at least {@link #MIN_ROWS_PER_PART} rows as fit, up to
     * {@link #MAX_BLOCKS}; more cores than blocks stay idle.
     */
    static int blocks(int m, int n, int k) {
        if ((long) m * n * k < MatMul.PARALLEL_THRESHOLD) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_BLOCKS, m / MIN_ROWS_PER_PART));
    }
}
