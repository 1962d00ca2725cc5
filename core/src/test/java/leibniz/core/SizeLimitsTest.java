package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import leibniz.core.Convolutions.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Sizes no Java array or no heap can hold are refused with a sentence naming the operation and the size,
 * before anything is allocated; each case is one that crashed in the report (issue 11), or a sibling.
 */
class SizeLimitsTest {
    private static final String LIMIT = " a tensor can hold";

    @Test
    void anIdentityPastTheArrayLimitIsRefusedNotAnIndexOrNegativeSizeError() {
        // 65536² wrapped to 0 in int arithmetic (ArrayIndexOutOfBounds), 50000² to a negative size.
        assertMessage("eye: [65536, 65536] has 4294967296 elements, more than the 2147483639" + LIMIT,
                () -> Tensor.eye(65536));
        assertMessage("eye: [50000, 50000] has 2500000000 elements, more than the 2147483639" + LIMIT,
                () -> Tensor.eye(50000));
    }

    @Test
    void selectingPastTheArrayLimitIsRefused() {
        Tensor x = Tensor.zeros(65536, 1);
        assertMessage("indexSelect: [65536, 40000] has 2621440000 elements, more than the 2147483639" + LIMIT,
                () -> x.indexSelect(1, Tensor.zeros(40000)));
    }

    @Test
    void aOneHotPastTheArrayLimitIsRefused() {
        assertMessage("oneHot: [3, 1000000000] has 3000000000 elements, more than the 2147483639" + LIMIT,
                () -> Tensor.oneHot(Tensor.vector(0, 1, 2), 1_000_000_000));
    }

    @Test
    void anArangePastTheArrayLimitIsRefusedBeforeRunningOutOfMemory() {
        assertMessage("arange: start 0.0, stop 1.0E10, step 1.0 gives 10000000000 values, more than the 2147483639"
                + LIMIT, () -> Tensor.arange(0, 1e10, 1));
        assertMessage("arange: start 0.0, stop 1.0, step 1.0E-10 gives 10000000000 values, more than the 2147483639"
                + LIMIT, () -> Tensor.arange(0, 1, 1e-10));
    }

    @Test
    void aShapeWithAZeroDimensionHasNoElementsHoweverLargeTheOthers() {
        Tensor empty = Tensor.zeros(100000, 100000, 0);
        assertEquals(Shape.of(100000, 100000, 0), empty.shape());
        assertEquals(0, empty.size());
        assertEquals(Shape.of(100000, 0), empty.sum(0).shape());
        assertMessage("sum: [100000, 100000] has 10000000000 elements, more than the 2147483639" + LIMIT,
                () -> empty.sum(2));
        assertMessage("mean: [100000, 100000, 1] has 10000000000 elements, more than the 2147483639" + LIMIT,
                () -> empty.mean(-1, true));
        assertEquals(0, Tensor.zeros(Shape.of(0, 65536, 65536), DType.F32).size());
    }

    @Test
    void anOverflowingBroadcastNamesTheOp() {
        Tensor column = Tensor.zeros(65536, 1);
        Tensor row = Tensor.zeros(1, 65536);
        String size = ": [65536, 65536] has 4294967296 elements, more than the 2147483639" + LIMIT;
        assertMessage("add" + size, () -> column.add(row));
        assertMessage("mul" + size, () -> column.mul(row));
        assertMessage("where" + size, () -> Tensor.where(column, row, Tensor.scalar(0)));
        assertMessage("matmul" + size, () -> column.matmul(row));
    }

    @Test
    void joiningPastAnIntDimensionIsRefused() {
        Tensor wide = Tensor.zeros(0, 2_000_000_000);
        assertMessage("concat: [0, 4000000000] has a dimension past 2147483647, more than" + LIMIT,
                () -> Tensor.concat(1, wide, wide));
    }

    @Test
    void windowsPastTheArrayLimitAreRefused() {
        Tensor image = Tensor.zeros(1, 1, 2000, 2000);
        assertMessage("im2col: [1, 2500, 3806401] has 9516002500 elements, more than the 2147483639" + LIMIT,
                () -> Convolutions.im2col(image, Window.square(50, 1, 0)));
    }

    @Test
    void theHeapSentenceNamesTheOpTheSizeAndTheHeap() {
        assertEquals("zeros: [30000, 30000] F64 needs 7200000000 bytes (6.7 GiB), more than the heap can hold"
                + " (maximum 4.0 GiB, 3.5 GiB available; java -Xmx sets the maximum)",
                Storage.refusal("zeros", "[30000, 30000] F64", 7_200_000_000L, 4L << 30, 7L << 29));
    }

    @Test
    void aRequestPastTheHeapIsRefusedBeforeAllocating() {
        long max = Runtime.getRuntime().maxMemory();
        long n = max / Double.BYTES + 1;
        assumeTrue(n <= Storage.MAX_ELEMENTS, "a heap this large holds every array of doubles");
        String message = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros((int) n)).getMessage();
        String prefix = "zeros: [" + n + "] F64 needs " + n * Double.BYTES + " bytes (" + gib(n * Double.BYTES)
                + "), more than the heap can hold (maximum " + gib(max) + ", ";
        assertTrue(message.startsWith(prefix) && message.endsWith(" available; java -Xmx sets the maximum)"),
                message);
        int half = (int) Math.min(Storage.MAX_ELEMENTS, max / Float.BYTES + 1);
        assumeTrue((long) half * Float.BYTES > max);
        String f32 = assertThrows(IllegalArgumentException.class,
                () -> Tensor.full(Shape.of(half), 1, DType.F32)).getMessage();
        assertTrue(f32.startsWith("full: [" + half + "] F32 needs " + (long) half * Float.BYTES + " bytes"), f32);
    }

    @Test
    void aOneHotTheHeapCannotHoldIsRefused() {
        long max = Runtime.getRuntime().maxMemory();
        assumeTrue(8_000_000_000L > max, "the heap holds a billion doubles");
        String message = assertThrows(IllegalArgumentException.class,
                () -> Tensor.oneHot(Tensor.vector(0), 1_000_000_000)).getMessage();
        assertTrue(message.startsWith("oneHot: [1, 1000000000] F64 needs 8000000000 bytes (7.5 GiB), more than"
                + " the heap can hold (maximum " + gib(max) + ", "), message);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
