package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.Arbitrary;

/**
 * F32 samples and the two checks the F32 properties rest on: a result is the F64 result of the same
 * (float-representable) values rounded to float, exactly or within one float ulp.
 */
final class F32Samples {
    private F32Samples() {}

    /**
     * F32 tensors of the values {@link Generators#tensors(Arbitrary)} draws, rounded to float by
     * {@link #narrowed}, not by {@link Tensor#to}, so that conversion is not taken on trust.
     */
    static Arbitrary<Tensor> floats() {
        return Generators.tensors(Generators.shapes()).map(F32Samples::narrowed);
    }

    /** The same values as the F32 tensor {@code x}, widened into an F64 tensor by hand. */
    static Tensor widened(Tensor x) {
        assertNotNull(x.floats, "an F32 tensor");
        double[] d = new double[x.floats.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x.floats[i];
        }
        return Tensor.of(d, x.shape);
    }

    /** The F64 tensor {@code x} narrowed to F32 by a {@code (float)} cast per element, by hand; an F32 {@code x} as is. */
    static Tensor narrowed(Tensor x) {
        if (x.floats != null) {
            return x;
        }
        float[] f = new float[x.data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x.data[i];
        }
        return Tensor.of(f, x.shape);
    }

    /** An F64 tensor of {@code x}'s values, widened by hand if {@code x} is F32. */
    static Tensor asF64(Tensor x) {
        return x.floats != null ? widened(x) : x;
    }

    /** The F64 tensor {@code x} in {@code type}: as is for F64, {@link #narrowed} for F32. */
    static Tensor typed(Tensor x, DType type) {
        return type == DType.F32 ? narrowed(x) : x;
    }

    /** F32 uniform values on [-1, 1) in {@code dims}. */
    static Tensor uniform(long seed, int... dims) {
        double[] d = KernelSamples.random(seed, dims).data;
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return Tensor.of(f, dims);
    }

    /** {@code actual} is F32, of {@code reference}'s shape, and bit for bit {@code (float)} of each F64 value. */
    static void assertRounded(Tensor reference, Tensor actual, String what) {
        assertWithinUlps(reference, actual, 0, what);
    }

    /**
     * {@code actual} is F32, of {@code reference}'s shape, and each value is within {@code ulps} float ulps
     * of {@code (float)} of the F64 value; non-finite values must match exactly (NaN for NaN).
     */
    static void assertWithinUlps(Tensor reference, Tensor actual, int ulps, String what) {
        assertEquals(DType.F32, actual.dtype(), () -> what + ": dtype");
        assertEquals(DType.F64, reference.dtype(), () -> what + ": the reference is F64");
        assertEquals(reference.shape, actual.shape, () -> what + ": shape");
        for (int i = 0; i < actual.size(); i++) {
            float expected = (float) reference.data[i];
            float got = actual.floats[i];
            if (Float.floatToIntBits(expected) == Float.floatToIntBits(got)) {
                continue;
            }
            if (ulps == 0 || !Float.isFinite(expected) || !Float.isFinite(got)
                    || Math.abs(expected - got) > ulps * Math.ulp(expected)) {
                fail(what + " at " + i + ": expected " + expected + " (from " + reference.data[i] + "), got " + got);
            }
        }
    }

    /** {@code actual} is F64 and equal, element type, shape and bits, to {@code expected}. */
    static void assertSameF64(Tensor expected, Tensor actual, String what) {
        assertEquals(DType.F64, actual.dtype(), () -> what + ": dtype");
        assertTrue(expected.equals(actual), () -> what + ": " + actual + " vs " + expected);
    }
}
