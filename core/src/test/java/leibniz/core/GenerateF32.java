package leibniz.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float32 twin of each float64 source in {@link #TWINS}, as EJML's autocode writes its 32-bit
 * classes from the 64-bit ones, so that no float32 kernel is kept by hand. The rules, applied in order:
 * <ol>
 * <li>the source's class name becomes the target's ({@code HandMlp} → {@code HandMlpF32});
 * <li>{@code DMatrix} → {@code FMatrix}, {@code DDRM} → {@code FDRM} (EJML's 64- and 32-bit names),
 *     {@code double} → {@code float} and {@code Double} → {@code Float} also inside names
 *     ({@code toDouble} → {@code toFloat}), {@code dgemm} → {@code sgemm}, {@code F64} → {@code F32},
 *     {@code float64} → {@code float32};
 * <li>in code only (not in comments): a {@code Math} function that Java has in double alone, or a
 *     {@code Math} constant, is cast to float ({@code (float) Math.exp(x)}: the double result rounded once,
 *     as a float kernel would give it; {@code Math.max} keeps its float overload), and a floating-point
 *     literal gets an {@code f} ({@code 0.5} → {@code 0.5f}).
 * </ol>
 * String literals are left alone. The generated file opens with a line naming its source and this class.
 * A float64 source is written so that these rules give valid float code: data and constants that must be
 * rounded go through a method whose name says {@code Double}, as {@code Workloads.toDouble}.
 * {@code GenerateF32Test} fails when a checked-in twin differs from what this class makes of its source.
 *
 * <p>Regenerate every twin from the repository root with {@code java core/src/test/java/leibniz/core/GenerateF32.java}
 * (the JDK alone runs it).
 */
final class GenerateF32 {
    /** How to regenerate, for the header of every generated file and the test's failure message. */
    static final String COMMAND = "java core/src/test/java/leibniz/core/GenerateF32.java";
    private static final String CORE = "core/src/main/java/leibniz/core/";
    private static final String BENCH = "examples/src/main/java/leibniz/examples/bench/";

    /** Every float64 source and its generated float32 twin, relative to the repository root. */
    static final List<Twin> TWINS = List.of(
            new Twin(CORE + "MatMulF64.java", CORE + "MatMulF32.java"),
            new Twin(BENCH + "HandMlp.java", BENCH + "HandMlpF32.java"),
            new Twin(BENCH + "HandMatMul.java", BENCH + "HandMatMulF32.java"),
            new Twin(BENCH + "HandChain.java", BENCH + "HandChainF32.java"));

    /** Comments, string and char literals, each one match; code is what lies between matches. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "//[^\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\\n])*\"|'(?:\\\\.|[^'\\\\\n])+'", Pattern.DOTALL);
    /** Words renamed in code and comments: EJML's type names, the element type, BLAS's prefix, the dtype. */
    private static final String[][] WORDS = {
        {"DMatrix", "FMatrix"}, {"DDRM", "FDRM"}, {"double", "float"}, {"Double", "Float"},
        {"\\bdgemm\\b", "sgemm"}, {"\\bF64\\b", "F32"}, {"\\bfloat64\\b", "float32"},
    };
    /** A Math function without a float overload, or a Math constant: its double value is rounded to float. */
    private static final Pattern DOUBLE_MATH = Pattern.compile("(?<![\\w.])Math\\.(?!(?:abs|max|min|signum|copySign"
            + "|fma|ulp|nextUp|nextDown|nextAfter|scalb|getExponent|round)\\b)");
    /** A decimal literal without a suffix: {@code 1.0}, {@code .5}, {@code 2.5e-3}. */
    private static final Pattern LITERAL =
            Pattern.compile("(?<![\\w.])(?:\\d+\\.\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?(?![\\w.])");

    private GenerateF32() {}

    /** A float64 source file and the float32 file generated from it, paths relative to the repository root. */
    record Twin(String source, String target) {
        /** The class a file declares: its name without {@code .java}. */
        static String className(String path) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            return file.substring(0, file.length() - ".java".length());
        }

        /** The float32 text generated from the float64 text of {@link #source}. */
        String generate(String f64) {
            return GenerateF32.generate(f64, className(source), className(target), source);
        }
    }

    /**
     * The float32 twin of the float64 source {@code text} of class {@code from}, renamed {@code to}, with a first
     * line saying it was generated from {@code sourcePath}.
     */
    static String generate(String text, String from, String to, String sourcePath) {
        String header = "// Generated from " + sourcePath.substring(sourcePath.lastIndexOf('/') + 1)
                + " by GenerateF32; do not edit. Regenerate from the repository root:\n// " + COMMAND + "\n";
        StringBuilder out = new StringBuilder(header);
        Matcher m = NOT_CODE.matcher(text);
        int done = 0;
        while (m.find()) {
            out.append(code(text.substring(done, m.start()), from, to));
            String piece = m.group();
            out.append(piece.startsWith("/") ? words(piece, from, to) : piece);
            done = m.end();
        }
        return out.append(code(text.substring(done), from, to)).toString();
    }

    private static String code(String code, String from, String to) {
        String s = DOUBLE_MATH.matcher(words(code, from, to)).replaceAll("(float) Math.");
        return LITERAL.matcher(s).replaceAll("$0f");
    }

    private static String words(String s, String from, String to) {
        s = s.replaceAll("\\b" + from + "\\b", to);
        for (String[] rule : WORDS) {
            s = s.replaceAll(rule[0], rule[1]);
        }
        return s;
    }

    /** The repository root: the nearest directory, from here upwards, that holds every twin's source. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p;
            if (TWINS.stream().allMatch(t -> Files.isRegularFile(dir.resolve(t.source())))) {
                return dir;
            }
        }
        throw new IllegalStateException("GenerateF32: no directory above " + Path.of("").toAbsolutePath()
                + " holds " + TWINS.get(0).source() + ": run it from the repository root");
    }

    /** Rewrites every twin in {@link #TWINS} from its source. */
    public static void main(String[] args) throws IOException {
        Path root = root();
        for (Twin t : TWINS) {
            String f32 = t.generate(Files.readString(root.resolve(t.source()), StandardCharsets.UTF_8));
            Files.writeString(root.resolve(t.target()), f32, StandardCharsets.UTF_8);
            System.out.println("GenerateF32: wrote " + t.target() + " from " + t.source());
        }
    }
}
