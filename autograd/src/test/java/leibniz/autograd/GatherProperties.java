package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of PyTorch's {@code gather} ({@link IndexOps.Gather}) with respect to the
 * gathered tensor and of {@code scatter_add} ({@link IndexOps.ScatterAdd}) with respect to the source,
 * along every axis, with indices that repeat (so gradients accumulate) and sources larger than the index.
 * Both are linear in their differentiable input, so the second-order check runs on their square; their F32
 * twins ({@link OpChecks}) take F32 indices.
 */
class GatherProperties {
    private static final int TRIES = 30;

    /** A tensor x, an axis (maybe negative), an index fitting x off the axis, and a source at least the index's size. */
    record Case(Tensor x, int axis, Tensor index, Tensor src) {}

    @Provide
    Arbitrary<Case> cases() {
        return TensorArbitraries.tensors(1, 3, 3, -2, 2).flatMap(x -> Arbitraries.integers()
                .between(-x.rank(), x.rank() - 1).flatMap(axis -> {
                    int a = axis < 0 ? axis + x.rank() : axis;
                    Arbitrary<int[]> dims = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(x.rank())
                            .map(d -> {
                                for (int i = 0; i < d.length; i++) {
                                    d[i] = i == a ? d[i] : Math.min(d[i], x.shape().dim(i));
                                }
                                return d;
                            });
                    return dims.flatMap(d -> {
                        Shape is = Shape.of(d);
                        Arbitrary<Tensor> index = Arbitraries.integers().between(0, x.shape().dim(a) - 1)
                                .list().ofSize(is.size())
                                .map(v -> Tensor.of(v.stream().mapToDouble(Integer::doubleValue).toArray(), is));
                        Arbitrary<Tensor> src = Arbitraries.integers().between(0, 1).array(int[].class)
                                .ofSize(d.length).flatMap(extra -> {
                                    int[] sd = d.clone();
                                    for (int i = 0; i < sd.length; i++) {
                                        sd[i] += extra[i];
                                    }
                                    return TensorArbitraries.tensors(Shape.of(sd), -2, 2);
                                });
                        return Combinators.combine(index, src).as((i, s) -> new Case(x, axis, i, s));
                    });
                }));
    }

    @Property(tries = TRIES)
    void gradOfGather(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        GradCheck.of(xs -> xs.get(0).gather(c.axis(), index)).check(c.x());
        GradCheck.of(xs -> xs.get(0).gather(c.axis(), index).square()).checkSecondOrder(c.x());
        Node index32 = Node.constant(c.index().to(DType.F32)); // F32 indices are data too
        OpChecks.twin(xs -> xs.get(0).gather(c.axis(), index32), c.x());
    }

    @Property(tries = TRIES)
    void gradOfScatterAdd(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        Shape target = c.x().shape();
        GradCheck.of(xs -> Node.scatterAdd(target, c.axis(), index, xs.get(0))).check(c.src());
        GradCheck.of(xs -> Node.scatterAdd(target, c.axis(), index, xs.get(0)).square()).checkSecondOrder(c.src());
        Node index32 = Node.constant(c.index().to(DType.F32));
        OpChecks.twin(xs -> Node.scatterAdd(target, c.axis(), index32, xs.get(0)), c.src());
    }

    /** The index is data: it gets the symbolic zero, and the values match the kernels'. */
    @Property(tries = TRIES)
    void theIndexGetsTheSymbolicZero(@ForAll("cases") Case c) {
        Node x = Parameter.of("x", c.x()).node();
        Node index = Parameter.of("i", c.index()).node();
        Node y = x.gather(c.axis(), index);
        List<Node> grads = Autograd.grad(y.square().sum(), x, index);
        assertTrue(grads.get(1).isZero());
        assertEquals(c.x().gather(c.axis(), c.index()), y.value());
        Node s = Node.scatterAdd(c.x().shape(), c.axis(), index, Node.constant(c.src()));
        assertEquals(Tensor.scatterAdd(c.x().shape(), c.axis(), c.index(), c.src()), s.value());
    }

    @Example
    void pytorchGradients() {
        // torch.gather(x, 1, [[0, 0], [2, 1]]).sum().backward(): repeated indices accumulate.
        Node x = Parameter.of("x", Tensor.arange(6).reshape(2, 3)).node();
        Node index = Node.constant(Tensor.of(new double[] {0, 0, 2, 1}, 2, 2));
        Node dx = Autograd.grad(x.gather(1, index).sum(), x).get(0);
        assertArrayEquals(new double[] {2, 0, 0, 0, 1, 1}, dx.value().toArray());
        // torch.zeros(2, 3).scatter_add(1, index, src) with src [2, 3]: its last column is never read.
        Node src = Parameter.of("src", Tensor.arange(6).reshape(2, 3)).node();
        Node dsrc = Autograd.grad(Node.scatterAdd(Shape.of(2, 3), 1, index, src).sum(), src).get(0);
        assertArrayEquals(new double[] {1, 1, 0, 1, 1, 0}, dsrc.value().toArray());
        assertEquals(Shape.of(2, 3), dsrc.shape());
    }

    @Example
    void badIndicesAreRefusedWhenTheNodeIsBuilt() {
        Node x = Node.placeholder("x", 3, 4);
        assertEquals("gather: index [2] has rank 1, x [3, 4] has rank 2; they must be equal",
                assertThrows(IllegalArgumentException.class, () -> x.gather(1, Node.constant(Tensor.vector(0, 1))))
                        .getMessage());
        assertEquals("scatterAdd: index [3, 3] is larger than src [2, 2] along axis 0 (3 vs 2)",
                assertThrows(IllegalArgumentException.class, () -> Node.scatterAdd(Shape.of(3, 4), 1,
                        Node.constant(Tensor.zeros(3, 3)), Node.constant(Tensor.zeros(2, 2)))).getMessage());
        assertEquals("[2, 2]", Arrays.toString(x.gather(-1, Node.constant(Tensor.zeros(2, 2))).shape().dims()));
    }
}
