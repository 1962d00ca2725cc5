package leibniz.core;

import static leibniz.core.KernelSamples.ravel;
import static leibniz.core.KernelSamples.unravel;
import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code broadcastTo} and its adjoint {@code sumTo}, against index arithmetic. */
class BroadcastProperties {

    /** A tensor x of rank 0 to 3, and a tensor g of a shape x broadcasts to; values in [-1, 1]. */
    record Broadcast(Tensor x, Tensor g) {
        int[] dims() {
            return x.shape().dims();
        }

        Shape target() {
            return g.shape();
        }
    }

    /** The target: up to two new leading axes of 0 to 3, and each size-1 axis stretched to 0 to 3. */
    @Provide
    Arbitrary<Broadcast> broadcasts() {
        return KernelSamples.dims(0, 3, 3).flatMap(dims -> Combinators.combine(
                Generators.between(0, 3).list().ofMaxSize(2), Generators.between(0, 3).list().ofSize(dims.length))
                .flatAs((lead, stretch) -> {
                    int[] t = new int[lead.size() + dims.length];
                    for (int i = 0; i < lead.size(); i++) {
                        t[i] = lead.get(i);
                    }
                    for (int i = 0; i < dims.length; i++) {
                        t[lead.size() + i] = dims[i] == 1 ? stretch.get(i) : dims[i];
                    }
                    return Combinators.combine(Generators.uniform(Shape.of(dims)), Generators.uniform(Shape.of(t)))
                            .as(Broadcast::new);
                }));
    }

    /** The index of {@code x} that element {@code index} of a broadcast of {@code x} reads. */
    private static int source(int[] index, int[] xDims) {
        int pad = index.length - xDims.length;
        int[] i = new int[xDims.length];
        for (int a = 0; a < xDims.length; a++) {
            i[a] = xDims[a] == 1 ? 0 : index[pad + a];
        }
        return ravel(i, xDims);
    }

    @Property(tries = 200)
    void broadcastToReadsTheAlignedElement(@ForAll("broadcasts") Broadcast c) {
        Tensor x = c.x();
        int[] dims = c.dims();
        Shape target = c.target();
        double[] v = x.toArray();
        double[] expected = new double[target.size()];
        for (int f = 0; f < expected.length; f++) {
            expected[f] = v[source(unravel(f, target.dims()), dims)];
        }
        assertEquals(Tensor.of(expected, target), x.broadcastTo(target));
    }

    @Property(tries = 200)
    void sumToAddsEveryElementIntoItsSource(@ForAll("broadcasts") Broadcast c) {
        int[] dims = c.dims();
        Shape big = c.target();
        Tensor g = c.g();
        double[] v = g.toArray();
        double[] expected = new double[Shape.of(dims).size()];
        for (int f = 0; f < v.length; f++) {
            expected[source(unravel(f, big.dims()), dims)] += v[f];
        }
        Tensor actual = g.sumTo(Shape.of(dims));
        assertTrue(actual.allClose(Tensor.of(expected, dims), 1e-12), () -> actual + " vs " + expected);
    }

    @Property(tries = 200)
    void broadcastingThenSummingBackScalesByTheCopyCount(@ForAll("broadcasts") Broadcast c) {
        Tensor x = c.x();
        Shape target = c.target();
        Tensor back = x.broadcastTo(target).sumTo(x.shape());
        assertEquals(x.shape(), back.shape());
        double copies = x.size() == 0 ? 0 : target.size() / x.size();
        double[] v = x.toArray();
        double[] b = back.toArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] * copies, b[i], 1e-12 * Math.max(1, copies));
        }
    }

    @Property(tries = 100)
    void theAdjointIdentityHolds(@ForAll("broadcasts") Broadcast c) {
        Tensor x = c.x();
        Shape target = c.target();
        Tensor r = c.g();
        assertEquals(KernelSamples.inner(x.broadcastTo(target), r), KernelSamples.inner(x, r.sumTo(x.shape())), 1e-12);
    }

    @Example
    void equalShapesReturnTheInput() {
        Tensor x = Tensor.ones(2, 3);
        assertSame(x, x.broadcastTo(Shape.of(2, 3)));
        assertSame(x, x.sumTo(Shape.of(2, 3)));
        assertEquals(Tensor.of(new double[] {1, 2, 1, 2}, 2, 2), Tensor.vector(1, 2).broadcastTo(Shape.of(2, 2)));
        assertEquals(Tensor.of(new double[] {3, 7}, 2, 1), Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)
                .sumTo(Shape.of(2, 1)));
        assertEquals(Tensor.scalar(10), Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).sumTo(Shape.scalar()));
    }

    @Example
    void errorsNameTheOperationAndShapes() {
        assertMessage("broadcastTo: cannot broadcast [3] to [2, 4]",
                () -> Tensor.zeros(3).broadcastTo(Shape.of(2, 4)));
        assertMessage("broadcastTo: cannot broadcast [2, 4] to [4]",
                () -> Tensor.zeros(2, 4).broadcastTo(Shape.of(4)));
        assertMessage("sumTo: [3] does not broadcast to [2, 4]", () -> Tensor.zeros(2, 4).sumTo(Shape.of(3)));
        assertMessage("sumTo: [1, 2, 4] does not broadcast to [2, 4]",
                () -> Tensor.zeros(2, 4).sumTo(Shape.of(1, 2, 4)));
    }
}
