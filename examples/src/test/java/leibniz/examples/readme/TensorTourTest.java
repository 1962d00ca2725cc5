package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** README, "A tour of Tensor". */
class TensorTourTest {
    @Test
    void theValuesAreAsCommented() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [[1, 2, 3], [4, 5, 6]]
        Tensor b = Tensor.vector(10, 20, 30);
        Tensor y = x.add(b).relu();                  // broadcasting: [2, 3] + [3]
        Tensor colSums = x.sum(0);                   // [5, 7, 9]
        Tensor rowMax = x.max(-1, true);             // [[3], [6]], keeping the reduced axis
        Tensor p = x.sub(x.logsumexp(1, true)).exp(); // a stable softmax over rows
        Tensor w = Tensor.normal(42, 0.0, 0.1, 3, 4); // seeded random: same seed, same tensor
        Tensor h = x.matmul(w);                      // [2, 4]; batched and transposed products too
        Tensor picked = x.indexSelect(1, Tensor.vector(2, 0)); // columns 2 and 0: [[3, 1], [6, 4]]
        Tensor taken = x.gather(1, Tensor.of(new double[] {2, 0}, 2, 1)); // torch.gather: [[3], [4]]
        Tensor odd = x.slice(1, 1, Integer.MAX_VALUE, 2);  // x[:, 1::2]: [[2], [5]]
        Tensor total = x.sum(new int[] {0, 1}, false);     // several axes at once: 21
        Tensor s = x.std(x.shape().allAxes(), 1, false);   // unbiased, as torch.std: √3.5

        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}), x);
        assertEquals(Tensor.matrix(new double[][] {{11, 22, 33}, {14, 25, 36}}), y);
        assertEquals(Tensor.vector(5, 7, 9), colSums);
        assertEquals(Tensor.matrix(new double[][] {{3}, {6}}), rowMax);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        Tensor softmaxRow = Tensor.vector(Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z);
        // Rows differing by a constant have the same softmax.
        assertTrue(p.allClose(Tensor.stack(0, softmaxRow, softmaxRow), 1e-12), p.toString());
        assertEquals(Tensor.normal(42, 0.0, 0.1, 3, 4), w);
        assertEquals(Shape.of(2, 4), h.shape());
        assertEquals(Tensor.matrix(new double[][] {{3, 1}, {6, 4}}), picked);
        assertEquals(Tensor.matrix(new double[][] {{3}, {4}}), taken);
        assertEquals(Tensor.matrix(new double[][] {{2}, {5}}), odd);
        assertEquals(Tensor.scalar(21), total);
        assertEquals(Math.sqrt(3.5), s.item(), 1e-15);
        assertEquals(Math.sqrt(35.0 / 12), x.std().item(), 1e-15);
    }

    @Test
    void theLastLineThrowsTheCommentedMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [[1, 2, 3], [4, 5, 6]]
            Tensor b = Tensor.vector(10, 20, 30);
            Tensor y = x.add(b).relu();                  // broadcasting: [2, 3] + [3]
            Tensor colSums = x.sum(0);                   // [5, 7, 9]
            Tensor rowMax = x.max(-1, true);             // [[3], [6]], keeping the reduced axis
            Tensor p = x.sub(x.logsumexp(1, true)).exp(); // a stable softmax over rows
            Tensor w = Tensor.normal(42, 0.0, 0.1, 3, 4); // seeded random: same seed, same tensor
            Tensor h = x.matmul(w);                      // [2, 4]; batched and transposed products too
            Tensor picked = x.indexSelect(1, Tensor.vector(2, 0)); // columns 2 and 0: [[3, 1], [6, 4]]
            Tensor taken = x.gather(1, Tensor.of(new double[] {2, 0}, 2, 1)); // torch.gather: [[3], [4]]
            Tensor odd = x.slice(1, 1, Integer.MAX_VALUE, 2);  // x[:, 1::2]: [[2], [5]]
            Tensor total = x.sum(new int[] {0, 1}, false);     // several axes at once: 21
            Tensor s = x.std(x.shape().allAxes(), 1, false);   // unbiased, as torch.std: √3.5

            x.matmul(Tensor.zeros(4, 5));
            // IllegalArgumentException: matmul: [2, 3] x [4, 5]: inner dimensions differ (3 vs 4)
        });
        assertEquals("matmul: [2, 3] x [4, 5]: inner dimensions differ (3 vs 4)", e.getMessage());
    }
}
