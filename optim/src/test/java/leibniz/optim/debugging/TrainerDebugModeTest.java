package leibniz.optim.debugging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.optim.Dataset;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Sgd;
import leibniz.optim.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training in debug mode for the whole JVM ({@code -Dleibniz.debug=true}): the step's own program stops at the
 * first NaN, before it assigns anything, and the report names the line of the model that built the op. Outside
 * Leibniz's packages, as a user's model is.
 */
class TrainerDebugModeTest {
    /** Run alone by {@code -Dtest=...}, this class is in a JVM without debug mode: it has nothing to check there. */
    @BeforeAll
    static void inDebugMode() {
        Assumptions.assumeTrue(Program.Options.defaults().debug(), "needs -Dleibniz.debug=true");
    }

    @Test
    void theStepStopsAtTheFirstNanAndNamesTheLine() {
        Parameter w = Parameter.of("w", Tensor.scalar(1));
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Objective objective = (x, y, training) -> Pass.of(w.node().sqrt().add(x.sum()), x);
        Trainer trainer = Trainer.builder().parameters(Map.of("w", w)).objective(objective).optimizer(Sgd.create(4))
                .batchSize(1).quiet().build();
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> trainer.fit(Dataset.of(Tensor.zeros(2, 1), Tensor.zeros(2, 1))));
        assertEquals("training stopped at epoch 1, step 2: debug mode finds:\n"
                + "NaN in sqrt[] (built at TrainerDebugModeTest.java:" + line + "): 1 of 1 element, first at []\n"
                + "  input 0, parameter 'w' []: min -1.0, max -1.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'", e.getMessage());
        assertInstanceOf(NonFiniteException.class, e.getCause());
        assertEquals(-1.0, w.value().item(), "the first step ran, the second assigned nothing");
    }
}
