package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The mark of {@link Lint#expect} is the identity: its value is its input's own tensor, its first and second
 * derivatives pass the gradient unchanged, and a compiled program leaves no trace of it.
 */
class ExpectationProperties {
    private static final int TRIES = 30;

    @Provide
    Arbitrary<Tensor> any() {
        return tensors(0, 3, 4, -2, 2);
    }

    @Provide
    Arbitrary<Lint.Role> roles() {
        return Arbitraries.of(Lint.Role.LOGITS, Lint.Role.PROBABILITIES, Lint.Role.LOG_PROBABILITIES);
    }

    @Property(tries = TRIES)
    void gradOfExpectation(@ForAll("any") Tensor x, @ForAll("roles") Lint.Role role) {
        UnaryOpsProperties.gradients(v -> Lint.expect(v, role, "loss").mul(v), x);
    }

    @Property(tries = TRIES)
    void jvpOfExpectation(@ForAll("any") Tensor x, @ForAll("roles") Lint.Role role) {
        TransformChecks.jvp(xs -> Lint.expect(xs.get(0), role, "loss").mul(xs.get(0)), x);
    }

    @Property(tries = TRIES)
    void vmapOfExpectation(@ForAll("any") Tensor x, @ForAll("batches") TransformChecks.Batch b) {
        TransformChecks.vmap(xs -> Lint.expect(xs.get(0), Lint.Role.LOGITS, "loss").exp(), b, x);
    }

    @Provide
    Arbitrary<TransformChecks.Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = TRIES)
    void costsNothing(@ForAll("any") Tensor x, @ForAll("roles") Lint.Role role) {
        assertSame(x, new Expectation(role, "loss", 0).forward(x));
        Node p = Node.placeholder("x", x.shape());
        Node marked = Lint.expect(p, role, "loss").mul(p);
        assertEquals(Program.of(p.mul(p)).size(), Program.of(marked).size());
        Program asWritten = Program.of(List.of(marked), List.of(), Program.Options.defaults().uncompiled());
        assertEquals(x.mul(x), asWritten.run(java.util.Map.of(p, x)).get(0));
    }
}
