package leibniz.optim;

import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.regression;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Op;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The trainer's diagnostics: lint on the first batch, the online gradient check, and the report of a NaN
 * step rerun in debug mode (TrainerTest has the messages of the plain cases).
 */
class TrainerDiagnosticsTest {
    /** x ↦ x·s for a scalar s whose VJP for s is off by {@code wrong} (1 for a right one). */
    record Scale(double wrong) implements Op {
        public String name() {
            return "scale";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            return in[0].mul(in[1]);
        }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            Node s = out.input(1);
            return List.of(g.mul(s), g.mul(x).sum().mul(wrong).reshape(s.shape().dims()));
        }
    }

    private static Trainer.Builder regressionTrainer(Parameter w, Parameter b, Objective objective) {
        return Trainer.builder().parameters(params(w, b)).objective(objective).optimizer(Sgd.create(0.05))
                .epochs(2).batchSize(10).shuffle(false).quiet();
    }

    @Test
    void lintRunsOnceOnTheFirstBatchAndPrintsItsWarnings() {
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Parameter spare = Parameter.of("spare", Tensor.zeros(2));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Trainer trainer = Trainer.builder().parameters(params(w, b, spare)).objective(ToyModels.linear(w, b))
                .optimizer(Sgd.create(0.05)).epochs(2).batchSize(10).progress(false)
                .output(new PrintStream(printed, true, StandardCharsets.UTF_8)).build();
        trainer.fit(regression(30, 1));
        String warning = "warning [unused-parameter] parameter 'spare' [2] never reaches the loss, so it gets no"
                + " gradient and never trains. Fix: use it in the forward pass, or leave it out of the parameters to"
                + " train.";
        assertEquals(List.of(warning), trainer.warnings());
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith(warning + "\n"), printed::toString);
        Trainer silenced = Trainer.builder().parameters(params(w, b, spare)).objective(ToyModels.linear(w, b))
                .optimizer(Sgd.create(0.05)).lint(Lint.of().silence(Lint.Check.UNUSED_PARAMETER)).quiet().build();
        silenced.fit(regression(30, 1));
        assertEquals(List.of(), silenced.warnings());
    }

    @Test
    void theOnlineGradientCheckIsAMetricAndChangesNothing() {
        Parameter w = Parameter.of("w", Tensor.normal(3, 0, 0.5, 2, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Tensor w0 = w.value();
        History checked = regressionTrainer(w, b, ToyModels.logistic(w, b)).gradientCheck(2, 1e-6).build()
                .fit(ToyModels.blobs(40, 2));
        Tensor checkedW = w.value();
        w.set(w0);
        b.set(Tensor.zeros(1));
        History plain = regressionTrainer(w, b, ToyModels.logistic(w, b)).build().fit(ToyModels.blobs(40, 2));
        assertEquals(checkedW, w.value(), "the check restores the parameters exactly");
        assertEquals(plain.epochs().get(1).loss(), checked.epochs().get(1).loss());
        for (EpochRecord r : checked.epochs()) {
            double error = r.value("grad_check");
            assertTrue(error < 1e-7, () -> "relative error " + error);
        }
        assertTrue(!plain.epochs().get(0).metrics().containsKey("grad_check"));
    }

    @Test
    void aWrongVjpIsWarnedAboutWithTheRelativeError() {
        Parameter w = Parameter.of("w", Tensor.normal(3, 0, 0.5, 3, 1));
        Parameter s = Parameter.of("s", Tensor.scalar(1.5));
        Objective scaled = (x, y, training) -> {
            Node pred = Node.apply(new Scale(2), x.matmul(w.node()), s.node());
            return Pass.of(pred.sub(y).square().mean(), pred);
        };
        Trainer trainer = Trainer.builder().parameters(params(w, s)).objective(scaled).optimizer(Sgd.create(0.01))
                .epochs(1).batchSize(10).shuffle(false).gradientCheck(3, 1e-3).quiet().build();
        History h = trainer.fit(regression(30, 1));
        assertEquals(1, trainer.warnings().size(), trainer.warnings()::toString);
        String warning = trainer.warnings().get(0);
        assertTrue(warning.startsWith("warning [gradient-check] step 0: along a random direction the loss changes at "),
                warning);
        assertTrue(warning.endsWith(", tolerance 0.00100): a VJP may be wrong, or the loss not smooth here"), warning);
        assertTrue(h.epochs().get(0).value("grad_check") > 0.01);
    }

    @Test
    void aNanStepReportsTheOpThatMadeItAsItsCause() {
        // Step 1 takes w from 1 to −1; step 2's loss is NaN, and its rerun names the sqrt and its input.
        Parameter w = Parameter.of("w", Tensor.scalar(1));
        Trainer trainer = Trainer.builder().parameters(params(w))
                .objective((x, y, training) -> Pass.of(w.node().sqrt().add(x.sum()), x)).optimizer(Sgd.create(4))
                .epochs(1).batchSize(1).quiet().build();
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> trainer.fit(Dataset.of(Tensor.zeros(2, 1), Tensor.zeros(2, 1))));
        assertEquals("training stopped: loss is NaN at epoch 1, step 2; the step rerun in debug mode finds:\n"
                + "NaN in sqrt[]: 1 of 1 element, first at []\n"
                + "  input 0, parameter 'w' []: min -1.0, max -1.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'", e.getMessage());
        NonFiniteException cause = assertInstanceOf(NonFiniteException.class, e.getCause());
        assertEquals(List.of(w), cause.parameters());
        assertEquals(-1.0, w.value().item(), "the failed step was undone");
    }

    @Test
    void badCheckSettingsAreRefused() {
        assertEquals("Trainer: the gradient check's interval must be positive, got 0", assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder().gradientCheck(0, 1e-3)).getMessage());
        assertEquals("Trainer: the gradient check's tolerance must be positive and finite, got NaN", assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder().gradientCheck(5, Double.NaN)).getMessage());
        assertEquals("Trainer: lint is null; silence its checks instead",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder().lint(null)).getMessage());
    }
}
