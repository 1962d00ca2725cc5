package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every float32 twin in the repository is exactly what {@link GenerateF32} makes of its float64 source, so a
 * change to the float64 code that is not regenerated (or an edit to a generated file) fails the build; and
 * the generator's rules do what its Javadoc says.
 */
class GenerateF32Test {
    @Test
    void everyTwinIsGeneratedFromItsSource() throws IOException {
        Path root = GenerateF32.root();
        for (GenerateF32.Twin t : GenerateF32.TWINS) {
            String expected = t.generate(Files.readString(root.resolve(t.source())));
            String actual = Files.readString(root.resolve(t.target()));
            if (!expected.equals(actual)) {
                fail(t.target() + " is not what GenerateF32 makes of " + t.source() + " (" + firstDifference(expected,
                        actual) + "): edit the F64 source, never the generated file, and regenerate from the"
                        + " repository root with " + GenerateF32.COMMAND);
            }
        }
    }

    @Test
    void renamesTypesElementTypeAndClass() {
        String f64 = "final class HandMlp {\n    DMatrixRMaj m = CommonOps_DDRM.identity(2); double[] d;"
                + " double x = Double.NaN; float[] f = Workloads.toDouble(v); HandMlp self;\n}\n";
        assertEquals("final class HandMlpF32 {\n    FMatrixRMaj m = CommonOps_FDRM.identity(2); float[] d;"
                + " float x = Float.NaN; float[] f = Workloads.toFloat(v); HandMlpF32 self;\n}\n", body(f64));
    }

    @Test
    void roundsDoubleOnlyMathAndMarksLiterals() {
        assertEquals("float e = (float) Math.exp(x - 1.5f) + Math.max(a, b) * 2.5e-3f + .5f + 1 + 3.0f;",
                body("double e = Math.exp(x - 1.5) + Math.max(a, b) * 2.5e-3 + .5 + 1 + 3.0;"));
        assertEquals("y = -(float) Math.tanh(x) + Math.abs(x) + (float) Math.log (s) * (float) Math.PI + Math.round(x);",
                body("y = -Math.tanh(x) + Math.abs(x) + Math.log (s) * Math.PI + Math.round(x);"));
    }

    @Test
    void commentsGetNamesButNotLiteralsOrCastsAndStringsStayAsTheyAre() {
        assertEquals("// F32 sgemm on float data: 1.5 x Math.exp(x)\nfloat s = 0.5f; String q = \"double 1.5\";",
                body("// F64 dgemm on double data: 1.5 x Math.exp(x)\ndouble s = 0.5; String q = \"double 1.5\";"));
        assertEquals("/** A float32 {@link FMatrixRMaj}, 2.0 */ float t = 2.0f; char c = '.';",
                body("/** A float64 {@link DMatrixRMaj}, 2.0 */ double t = 2.0; char c = '.';"));
    }

    @Test
    void headerNamesSourceAndCommand() {
        String out = GenerateF32.generate("class A {}\n", "A", "B", "core/src/main/java/leibniz/core/A.java");
        assertEquals("// Generated from A.java by GenerateF32; do not edit. Regenerate from the repository root:\n// "
                + GenerateF32.COMMAND + "\nclass B {}\n", out);
    }

    /** The generated text of {@code f64} without its two header lines, for class HandMlp renamed HandMlpF32. */
    private static String body(String f64) {
        String out = GenerateF32.generate(f64, "HandMlp", "HandMlpF32", "HandMlp.java");
        return out.substring(out.indexOf('\n', out.indexOf('\n') + 1) + 1);
    }

    /** The first line where the two texts differ, both versions quoted. */
    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String x = i < e.length ? e[i] : "<end of file>";
            String y = i < a.length ? a[i] : "<end of file>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": generated '" + x.strip() + "', checked in '" + y.strip() + "'";
            }
        }
        return "they differ in line endings";
    }
}
