package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fused activation VJPs equal their unfused formulas bit for bit, in either type, and refuse mismatches. */
class BackwardTest {
    private final Tensor y = Tensor.of(new double[] {-0.9, -0.25, 0, 0.3, 0.99, 0.5}, 2, 3);
    private final Tensor g = Tensor.of(new double[] {1.5, -2, 0.25, 3, -0.5, 1}, 2, 3);

    @Test
    void tanhIsGTimesOneMinusYSquared() {
        assertEquals(g.mul(Tensor.scalar(1).sub(y.square())), Backward.tanh(y, g));
        Tensor y32 = y.to(DType.F32);
        Tensor g32 = g.to(DType.F32);
        assertEquals(g32.mul(y32.square().mul(-1).add(1)), Backward.tanh(y32, g32));
    }

    @Test
    void sigmoidIsGTimesYTimesOneMinusY() {
        assertEquals(g.mul(y.mul(Tensor.scalar(1).sub(y))), Backward.sigmoid(y, g));
        Tensor y32 = y.to(DType.F32);
        Tensor g32 = g.to(DType.F32);
        assertEquals(g32.mul(y32.mul(y32.mul(-1).add(1))), Backward.sigmoid(y32, g32));
        assertEquals(DType.F64, Backward.sigmoid(y32, g).dtype(), "mixed types widen");
    }

    @Test
    void shapesMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backward.tanh(y, Tensor.zeros(3)));
        assertEquals("tanhBackward: output [2, 3] and gradient [3] differ in shape", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backward.sigmoid(Tensor.zeros(3), y));
        assertEquals("sigmoidBackward: output [3] and gradient [2, 3] differ in shape", e.getMessage());
    }
}
