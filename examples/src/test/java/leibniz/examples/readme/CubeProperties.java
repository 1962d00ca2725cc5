package leibniz.examples.readme;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

// README, "Custom ops and gradient checks": the op and its property, exactly as shown.

record Cube() implements Op {                       // out = x³.  dx = 3 g ⊙ x²
    public String name() { return "cube"; }
    public Shape shape(Shape... in) { return in[0]; }
    public Tensor forward(Tensor... in) { return in[0].pow(3); }
    public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(3)); }
}

class CubeProperties {
    @Provide Arbitrary<Tensor> inputs() {          // rank 0-3, dims 1-4, values in [-2, 2]
        return TensorArbitraries.tensors(0, 3, 4, -2, 2);
    }

    @Property(tries = 30)
    void gradOfCube(@ForAll("inputs") Tensor x) {
        GradCheck check = GradCheck.of(xs -> Node.apply(new Cube(), xs.get(0)));
        check.check(x);              // first derivatives vs float64 central differences
        check.checkSecondOrder(x);   // the VJP's own derivatives
    }
}
// A slip, say .mul(1.5) for .mul(3), fails and shrinks to the smallest failing tensor, the scalar 0.003:
// gradcheck: input 0, element []: numeric 2.7000001000004298e-05 vs analytic 1.35e-05 (atol 1e-05, rtol 0.001)
