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
 *
 * <p>On the pure-Java path with the vector module, F64 products up to {@link #MAX_VECTOR_WORK} multiply-adds
 * run on {@link VectorProduct} instead, which computes the same dot products without allocating.
 */
final class Blas {
    /** Each part of a split product gets at least this many output rows, so its kernel still blocks well. */
    private static final int MIN_ROWS_PER_PART = 64;
    /** At most this many blocks, enough for 8 cores; a fixed number, so that results do not depend on the cores. */
    static final int MAX_BLOCKS = 8;

    private Blas() {}

    /**
     * Loaded on first use, so that programs whose products all stay small never load netlib. A bad
     * {@link #PROPERTY} is kept as its sentence rather than thrown from the initializer: an exception there
     * would surface as ExceptionInInitializerError once and NoClassDefFoundError on every later product.
     */
    private static final class Holder {
        static final Choice CHOICE = Choice.of(System.getProperty(PROPERTY, "auto"));
    }

    /** The BLAS a {@link #PROPERTY} value chooses, or the sentence refusing the value, repeated on every use. */
    record Choice(BLAS blas, String refusal) {
        static Choice of(String value) {
            try {
                BLAS b = load(value);
                return new Choice(b, null);
            } catch (IllegalArgumentException e) {
                return new Choice(null, e.getMessage());
            }
        }

        /** The chosen BLAS, or the refusal as an exception. */
        BLAS instance() {
            if (blas == null) {
                throw new IllegalArgumentException(refusal);
            }
            return blas;
        }
    }

    /**
     * The system property that chooses the BLAS: {@code java} keeps to the pure-Java path (netlib's Java BLAS,
     * and {@link VectorProduct} for F64 when the vector module is there) even where a native BLAS is installed
     * (results that do not depend on the machine's library, or a measurement of the pure-Java path); unset, or
     * {@code auto}, lets netlib pick the native BLAS when it loads.
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
            throw new IllegalArgumentException(PROPERTY + ": expected java or auto, got '" + choice + "' (the system"
                    + " property that chooses the BLAS of large matrix products: -D" + PROPERTY + "=java, or unset)");
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
        BLAS blas = Holder.CHOICE.instance(); // on the caller's thread, so a bad choice is refused there
        if (!(blas instanceof NativeBLAS) && Vectors.ON && (long) m * n * k <= MAX_VECTOR_WORK
                && k >= MIN_VECTOR_DEPTH && packed(ta, tb, m, n, k) <= MAX_PACKED) {
            VectorProduct.product(ta, tb, m, n, k, a, offA, b, offB, c, offC);
            return;
        }
        split(blas, m, n, k, (i0, i1, j0, j1) -> {
            int lda = ta ? m : k; // the row length of a's storage
            int rowA = ta ? offA + i0 : offA + i0 * lda;
            int colB = tb ? offB + j0 * k : offB + j0;
            blas.dgemm(tb ? "T" : "N", ta ? "T" : "N", j1 - j0, i1 - i0, k, 1.0, b, colB, tb ? k : n, a, rowA,
                    lda, 0.0, c, offC + i0 * n + j0, n);
        });
    }

    /**
     * The most multiply-adds (512³) of a product on {@link VectorProduct}. Larger ones (W3's 1024³) stay on
     * netlib, whose allocation is small beside their work and whose blocking over k suits them: at 1024³ it
     * was level or a few percent ahead on the development machine, at 512³ and below the two were level.
     */
    static final long MAX_VECTOR_WORK = 1L << 27;

    /**
     * The shortest dot product {@link VectorProduct} takes: a shorter one is mostly its scalar tail, and
     * W1's per-example gradients, 64 outer products (k = 1), took 86 ms there against 46 ms on netlib.
     */
    static final int MIN_VECTOR_DEPTH = 16;

    /** The most elements {@link VectorProduct} transposes for one product, so a thread's scratch stays under 4 MB. */
    static final long MAX_PACKED = 1 << 19;

    /** How many elements {@link VectorProduct} transposes for this product: {@code op(a)} if ta, {@code op(b)} if not tb. */
    static long packed(boolean ta, boolean tb, int m, int n, int k) {
        return (ta ? (long) m * k : 0) + (tb ? 0 : (long) k * n);
    }

    /**
     * Whether F64 products on the pure-Java path run on {@link VectorProduct}: the JVM was started with
     * {@code --add-modules jdk.incubator.vector} and the processor has vector lanes for doubles. Checked
     * before {@link VectorProduct} is touched, since it cannot load without the module.
     */
    private static final class Vectors {
        static final boolean ON = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && VectorProduct.lanes() > 1;
    }

    /** {@code gemm} in single precision, on BLAS {@code sgemm}: the F32 product of {@link MatMulF32}. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int offA, float[] b, int offB,
            float[] c, int offC) {
        BLAS blas = Holder.CHOICE.instance();
        split(blas, m, n, k, (i0, i1, j0, j1) -> {
            int lda = ta ? m : k;
            int rowA = ta ? offA + i0 : offA + i0 * lda;
            int colB = tb ? offB + j0 * k : offB + j0;
            blas.sgemm(tb ? "T" : "N", ta ? "T" : "N", j1 - j0, i1 - i0, k, 1.0f, b, colB, tb ? k : n, a, rowA,
                    lda, 0.0f, c, offC + i0 * n + j0, n);
        });
    }

    /** The product of output rows {@code [i0, i1)} and columns {@code [j0, j1)}. */
    private interface Tile {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Runs an {@code m×n} product in blocks of output rows or, when it has too few rows to split (a batch
     * of 64 through a wide layer), of output columns. The blocks are a function of the product's size
     * alone, never of the core count, so every machine computes each output element in the same block of
     * the same size and gets the same bits; the cores share out the blocks.
     */
    private static void split(BLAS blas, int m, int n, int k, Tile tile) {
        // OpenBLAS threads by itself; netlib's Java BLAS is single-threaded.
        int rows = blas instanceof NativeBLAS ? 1 : blocks(m, n, k);
        int columns = blas instanceof NativeBLAS ? 1 : columnBlocks(m, n, k);
        if (columns > 1) {
            Parallel.run(columns, n, (j0, j1) -> tile.run(0, m, j0, j1));
        } else {
            Parallel.run(rows, m, (i0, i1) -> tile.run(i0, i1, 0, n));
        }
    }

    /**
     * How many row blocks a pure-Java product is split into: one below {@link MatMul#PARALLEL_THRESHOLD},
     * otherwise as many blocks of at least {@link #MIN_ROWS_PER_PART} rows as fit, up to
     * {@link #MAX_BLOCKS}; more cores than blocks stay idle. With m and n swapped, the column blocks.
     */
    static int blocks(int m, int n, int k) {
        if ((long) m * n * k < MatMul.PARALLEL_THRESHOLD) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_BLOCKS, m / MIN_ROWS_PER_PART));
    }

    /** How many column blocks a pure-Java product is split into: one unless its rows make a single block. */
    static int columnBlocks(int m, int n, int k) {
        return blocks(m, n, k) > 1 ? 1 : blocks(n, m, k);
    }
}
