package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shapes: sizes, axis normalisation, strides, editing dimensions and the broadcast rule. */
class ShapeTest {

    @Test
    void rankSizeAndDimensions() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertArrayEquals(new int[] {2, 3, 4}, s.dims());
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(0));
        assertEquals(12, s.sizeBetween(1, 3));
        assertEquals(1, s.sizeBetween(1, 1));
        assertEquals(0, Shape.of(2, 0, 3).size());
        assertFalse(s.isScalar());
    }

    @Test
    void theScalarShapeHasRankZeroAndOneElement() {
        assertSame(Shape.scalar(), Shape.of());
        assertTrue(Shape.scalar().isScalar());
        assertEquals(0, Shape.scalar().rank());
        assertEquals(1, Shape.scalar().size());
        assertEquals("[]", Shape.scalar().toString());
    }

    @Test
    void isAValueThatCopiesItsDimensions() {
        int[] d = {2, 3};
        Shape s = Shape.of(d);
        d[0] = 9;
        s.dims()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
        assertEquals(Shape.of(2, 3).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(3, 2), s);
        assertEquals("[2, 3]", s.toString());
    }

    @Test
    void refusesNegativeAndOversizedDimensions() {
        assertMessage("shape: negative dimension in [2, -1]", () -> Shape.of(2, -1));
        assertMessage("shape: [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold",
                () -> Shape.of(65536, 65536));
        assertMessage("add: [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold",
                () -> Shape.of(new int[] {65536, 65536}, "add"));
        assertMessage("shape: [65536, 65536, 65536, 65536, 65536] has 1208925819614629174706176 elements, more than"
                + " the 2147483639 a tensor can hold", () -> Shape.of(65536, 65536, 65536, 65536, 65536));
        assertEquals(0, Shape.of(100000, 100000, 0).size(), "no elements, however large the other dimensions");
        assertEquals(0, Shape.of(0, 65536, 65536, 65536, 65536).size());
    }

    @Test
    void normalisesNegativeAxesAndNamesTheOpWhenOutOfRange() {
        Shape s = Shape.of(2, 3);
        assertEquals(1, s.axis(-1, "sum"));
        assertEquals(0, s.axis(-2, "sum"));
        assertEquals(1, s.axis(1, "sum"));
        assertMessage("sum: axis 3 out of range for rank 2", () -> s.axis(3, "sum"));
        assertMessage("sum: axis 2 out of range for rank 2", () -> s.axis(2, "sum"));
        assertMessage("mean: axis -3 out of range for rank 2", () -> s.axis(-3, "mean"));
        assertMessage("max: axis 0 out of range for rank 0", () -> Shape.scalar().axis(0, "max"));
        assertMessage("dim: axis 5 out of range for rank 2", () -> s.dim(5));
    }

    @Test
    void stridesAreRowMajor() {
        assertArrayEquals(new int[] {12, 4, 1}, Shape.of(2, 3, 4).strides());
        assertArrayEquals(new int[] {1}, Shape.of(5).strides());
        assertArrayEquals(new int[] {}, Shape.scalar().strides());
        assertArrayEquals(new int[] {0, 3, 1}, Shape.of(2, 0, 3).strides());
    }

    @Test
    void insertsRemovesAndReplacesDimensions() {
        Shape s = Shape.of(2, 3);
        assertEquals(Shape.of(1, 2, 3), s.inserting(0, 1));
        assertEquals(Shape.of(2, 5, 3), s.inserting(1, 5));
        assertEquals(Shape.of(2, 3, 1), s.inserting(2, 1));
        assertEquals(Shape.of(4), Shape.scalar().inserting(0, 4));
        assertEquals(Shape.of(3), s.without(0));
        assertEquals(Shape.of(2), s.without(-1));
        assertEquals(Shape.scalar(), Shape.of(7).without(0));
        assertEquals(Shape.of(2, 1), s.withDim(-1, 1));
        assertEquals(Shape.of(2, 3), s, "editing returns a new shape");
    }

    @Test
    void refusesEditsOutOfRange() {
        Shape s = Shape.of(2, 3);
        assertMessage("inserting: position 3 out of range for rank 2", () -> s.inserting(3, 1));
        assertMessage("inserting: position -1 out of range for rank 2", () -> s.inserting(-1, 1));
        assertMessage("without: axis 2 out of range for rank 2", () -> s.without(2));
        assertMessage("without: axis 0 out of range for rank 0", () -> Shape.scalar().without(0));
        assertMessage("withDim: axis -3 out of range for rank 2", () -> s.withDim(-3, 1));
    }

    @Test
    void broadcastAlignsFromTheRightAndStretchesOnes() {
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(2, 3), Shape.of(3), "add"));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(3), Shape.of(2, 3), "add"));
        assertEquals(Shape.of(4, 2, 3), Shape.broadcast(Shape.of(4, 1, 3), Shape.of(2, 1), "add"));
        assertEquals(Shape.of(5, 4), Shape.broadcast(Shape.of(5, 1), Shape.of(1, 4), "add"));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.scalar(), Shape.of(2, 3), "add"));
        assertEquals(Shape.scalar(), Shape.broadcast(Shape.scalar(), Shape.scalar(), "add"));
        assertEquals(Shape.of(0, 3), Shape.broadcast(Shape.of(0, 1), Shape.of(3), "add"), "1 stretches to 0");
        assertEquals(Shape.of(1, 1), Shape.broadcast(Shape.of(1), Shape.of(1, 1), "add"));
    }

    @Test
    void broadcastRefusesUnequalDimensionsNeitherOfWhichIsOne() {
        assertMessage("add: [2, 3] and [4]: dimensions 3 and 4 do not broadcast",
                () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4), "add"));
        assertMessage("mul: [2, 1] and [3, 5, 1]: dimensions 2 and 5 do not broadcast",
                () -> Shape.broadcast(Shape.of(2, 1), Shape.of(3, 5, 1), "mul"));
        assertMessage("sub: [0] and [3]: dimensions 0 and 3 do not broadcast",
                () -> Shape.broadcast(Shape.of(0), Shape.of(3), "sub"));
    }

    @Test
    void broadcastsToIsTheOneSidedRule() {
        Shape target = Shape.of(4, 2, 3);
        assertTrue(Shape.of(2, 3).broadcastsTo(target));
        assertTrue(Shape.of(1, 3).broadcastsTo(target));
        assertTrue(Shape.scalar().broadcastsTo(target));
        assertTrue(target.broadcastsTo(target));
        assertFalse(Shape.of(3, 1).broadcastsTo(target));
        assertFalse(Shape.of(1, 4, 2, 3).broadcastsTo(target), "broadcasting never removes dimensions");
        assertFalse(target.broadcastsTo(Shape.of(2, 3)));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
