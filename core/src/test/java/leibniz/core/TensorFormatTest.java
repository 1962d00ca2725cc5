package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Printing nests brackets by dimension and abridges long dimensions to their ends. */
class TensorFormatTest {

    @Test
    void aScalarPrintsAsItsValue() {
        assertEquals("2.5", TensorFormat.format(Tensor.scalar(2.5), 20));
        assertEquals("NaN", TensorFormat.format(Tensor.scalar(Double.NaN), 20));
    }

    @Test
    void nestsOneBracketPerDimension() {
        assertEquals("[1.0, 2.0, 3.0]", TensorFormat.format(Tensor.vector(1, 2, 3), 20));
        assertEquals("[[1.0, 2.0], [3.0, 4.0]]",
                TensorFormat.format(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}), 20));
        assertEquals("[[[0.0], [1.0]], [[2.0], [3.0]]]", TensorFormat.format(range(2, 2, 1), 20));
        assertEquals("[[-0.5]]", TensorFormat.format(Tensor.of(new double[] {-0.5}, 1, 1), 20));
    }

    @Test
    void emptyDimensionsPrintAsEmptyBrackets() {
        assertEquals("[]", TensorFormat.format(Tensor.zeros(0), 20));
        assertEquals("[[], []]", TensorFormat.format(Tensor.zeros(2, 0), 20));
        assertEquals("[]", TensorFormat.format(Tensor.zeros(0, 2), 20));
    }

    @Test
    void abridgesADimensionLongerThanTheLimitToThreeAtEachEnd() {
        assertEquals("[0.0, 1.0, 2.0, ..., 27.0, 28.0, 29.0]", TensorFormat.format(Tensor.arange(30), 20));
        assertEquals("[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", TensorFormat.format(Tensor.arange(7), 7),
                "a dimension exactly at the limit is printed whole");
        assertEquals("[0.0, 1.0, 2.0, ..., 5.0, 6.0, 7.0]", TensorFormat.format(Tensor.arange(8), 7));
    }

    @Test
    void abridgesEachDimensionOnItsOwn() {
        Tensor rows = range(8, 2);
        assertEquals("[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], ..., [10.0, 11.0], [12.0, 13.0], [14.0, 15.0]]",
                TensorFormat.format(rows, 4));
        Tensor cols = range(2, 8);
        assertEquals("[[0.0, 1.0, 2.0, ..., 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, ..., 13.0, 14.0, 15.0]]",
                TensorFormat.format(cols, 4));
    }

    @Test
    void toStringLeadsWithTheShape() {
        assertEquals("Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]",
                Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("Tensor[] 3.0", Tensor.scalar(3).toString());
        assertEquals("Tensor[100] [0.0, 1.0, 2.0, ..., 97.0, 98.0, 99.0]", Tensor.arange(100).toString());
    }

    /** 0, 1, 2, ... laid out in the given shape (without depending on reshape). */
    private static Tensor range(int... dims) {
        return Tensor.of(Tensor.arange(Shape.of(dims).size()).toArray(), dims);
    }
}
