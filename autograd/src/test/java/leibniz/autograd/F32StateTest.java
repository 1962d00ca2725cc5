package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Element types where values enter and leave graphs: placeholders fed another type, parameters
 * converted, set, assigned and loaded, and an op whose forward returns a type its dtype() denies.
 */
class F32StateTest {
    private static final Tensor DATA = Tensor.matrix(new double[][] {{0.1, -0.7, 1.3}, {2.9, -0.05, 0.333}});

    @Test
    void anF32PlaceholderFedF64ValuesComputesInF32() {
        Node x = Node.placeholder("x", Shape.of(2, 3), DType.F32);
        Node w = Node.constant(Tensor.vector(0.3, -1.1, 2.7).to(DType.F32));
        Node y = x.mul(w).tanh().sum(1);
        assertEquals(DType.F32, y.dtype());
        Tensor out = Program.of(y).run(Map.of(x, DATA)).get(0);
        // round the data once, then compute as F32 tensors do
        Tensor expected = DATA.to(DType.F32).mul(Tensor.vector(0.3, -1.1, 2.7).to(DType.F32)).tanh().sum(1);
        assertEquals(DType.F32, expected.dtype());
        assertEquals(expected, out);
    }

    @Test
    void anF64PlaceholderFedF32ValuesWidensThem() {
        Node x = Node.placeholder("x", Shape.of(2, 3));
        Tensor out = Program.of(x.square()).run(Map.of(x, DATA.to(DType.F32))).get(0);
        assertEquals(DATA.to(DType.F32).to(DType.F64).square(), out);
    }

    @Test
    void aProgramBuiltBeforeConvertRefusesToRun() {
        Parameter w = Parameter.of("w", DATA);
        Node before = w.node();
        Program p = Program.of(before.sum());
        assertEquals(DType.F64, p.run().get(0).dtype());
        w.convert(DType.F32);
        assertNotSame(before, w.node());
        assertEquals(DType.F32, w.node().dtype());
        assertEquals(DType.F64, before.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::run);
        assertEquals("run: parameter 'w' now holds F32 values, but this graph was built when it held F64: "
                + "build graphs after converting parameters", e.getMessage());
    }

    @Test
    void convertingToTheSameTypeKeepsTheNode() {
        Parameter w = Parameter.of("w", DATA);
        Node node = w.node();
        w.convert(DType.F64);
        assertSame(node, w.node());
        assertSame(DATA, w.value());
    }

    @Test
    void aGraphBuiltAfterConvertTrainsInF32() {
        Parameter w = Parameter.of("w", DATA);
        w.convert(DType.F32);
        assertEquals(DATA.to(DType.F32), w.value());
        Node x = Node.placeholder("x", Shape.of(3), DType.F32);
        Node loss = w.node().matmul(x).square().mean();
        Node grad = Autograd.gradients(loss, List.of(w)).get(0);
        assertEquals(DType.F32, grad.dtype());
        Program step = Program.of(List.of(loss), List.of(new Assign(w, w.node().sub(grad.mul(0.1)))));
        Tensor feed = Tensor.vector(1, 2, 3);
        Tensor w0 = w.value();
        Tensor l0 = step.run(Map.of(x, feed)).get(0);
        assertEquals(DType.F32, l0.dtype());
        assertEquals(DType.F32, w.dtype());
        Tensor f = feed.to(DType.F32);
        Tensor r = w0.matmul(f);
        Tensor g = r.mul(2.0 / 2).unsqueeze(1).mul(f.unsqueeze(0)); // d mean(r²)/dw = 2 r xᵀ / 2
        OpChecks.assertClose("step", DType.F32, w.value(), w0.sub(g.mul(0.1)), 1e-5);
        OpChecks.assertClose("loss", DType.F32, l0, r.square().mean(), 1e-5);
    }

    @Test
    void setRefusesAnotherType() {
        Parameter w = Parameter.of("w", DATA.to(DType.F32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.set(DATA));
        assertEquals("parameter 'w': cannot set an F64 value into an F32 parameter; convert it with to(F32)",
                e.getMessage());
        Parameter v = Parameter.of("v", DATA);
        e = assertThrows(IllegalArgumentException.class, () -> v.set(DATA.to(DType.F32)));
        assertEquals("parameter 'v': cannot set an F32 value into an F64 parameter; convert it with to(F64)",
                e.getMessage());
    }

    @Test
    void assignRefusesAnotherType() {
        Parameter w = Parameter.of("w", DATA.to(DType.F32));
        Node f64 = w.node().add(Node.constant(Tensor.zeros(2, 3)));
        assertEquals(DType.F64, f64.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Assign(w, f64));
        assertEquals("assign: parameter 'w' is F32, the value is F64", e.getMessage());
        new Assign(w, f64.to(DType.F32)); // converting the value is the fix
    }

    @Test
    void setAllConvertsValuesToEachTargetsType() {
        Parameter w = Parameter.of("w", Tensor.zeros(Shape.of(2, 3), DType.F32));
        Parameter b = Parameter.of("b", Tensor.zeros(3));
        Tensor bias = Tensor.vector(1, 2, 3).to(DType.F32);
        Parameter.setAll(Map.of("w", w, "b", b), Map.of("w", DATA, "b", bias), "load: ", "the model");
        assertEquals(DATA.to(DType.F32), w.value());
        assertEquals(Tensor.vector(1, 2, 3), b.value());
    }

    @Test
    void toStringNamesTheTypeUnlessF64() {
        Parameter w = Parameter.of("layers.0.weight", DATA);
        assertEquals("Parameter 'layers.0.weight' [2, 3]", w.toString());
        w.convert(DType.F32);
        assertEquals("Parameter 'layers.0.weight' [2, 3] F32", w.toString());
    }

    /** A custom op that claims F32 but returns its F64 input unchanged. */
    private record Liar() implements Op {
        public String name() { return "liar"; }
        public Shape shape(Shape... in) { return in[0]; }
        public DType dtype(DType[] in, Shape[] shapes) { return DType.F32; }
        public Tensor forward(Tensor... in) { return in[0]; }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    @Test
    void anOpWhoseForwardDisagreesWithItsDtypeIsCaught() {
        Node y = Node.apply(new Liar(), Node.constant(DATA));
        assertEquals(DType.F32, y.dtype());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::value);
        assertEquals("liar: forward returned F64 for a node of type F32; an op's dtype() must state what its "
                + "forward returns", e.getMessage());
    }
}
