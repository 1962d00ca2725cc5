package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A node whose shape no tensor can hold is refused when it is built, naming the op and the size, as the
 * core kernels refuse it (issue 11's reports, on the graph).
 */
class SizeLimitsTest {
    private static final String LIMIT = " elements, more than the 2147483639 a tensor can hold";

    @Test
    void overflowingShapesAreRefusedWhenTheNodeIsBuilt() {
        Node column = Node.placeholder("column", 65536, 1);
        Node row = Node.placeholder("row", 1, 65536);
        assertMessage("add: [65536, 65536] has 4294967296" + LIMIT, () -> column.add(row));
        assertMessage("matmul: [65536, 65536] has 4294967296" + LIMIT, () -> column.matmul(row));
        assertMessage("where: [65536, 65536] has 4294967296" + LIMIT, () -> Node.where(column, row, Node.scalar(0)));
        assertMessage("indexSelect: [65536, 40000] has 2621440000" + LIMIT,
                () -> column.indexSelect(1, Node.constant(Tensor.zeros(40000))));
        assertMessage("oneHot: [3, 1000000000] has 3000000000" + LIMIT,
                () -> Node.constant(Tensor.vector(0, 1, 2)).oneHot(1_000_000_000));
        Node wide = Node.placeholder("wide", 0, 2_000_000_000);
        assertMessage("concat: shapes [[0, 2000000000], [0, 2000000000]] joined along axis 1 have 4000000000 there,"
                + " more than a dimension holds (2147483647)", () -> Node.concat(1, wide, wide));
    }

    @Test
    void emptyShapesAreFineUntilAReductionWouldFillThem() {
        Node empty = Node.placeholder("empty", 100000, 100000, 0);
        assertEquals(Shape.of(100000, 0), empty.sum(0).shape());
        assertMessage("sum: [100000, 100000] has 10000000000" + LIMIT, () -> empty.sum(2));
        assertMessage("mean: [100000, 100000, 1] has 10000000000" + LIMIT, () -> empty.mean(new int[] {2}, true));
        assertMessage("max: axis 2 of [100000, 100000, 0] is empty and has no maximum", () -> empty.max(2));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
