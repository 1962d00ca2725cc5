package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * README, "When something goes wrong", the reports of a JVM without {@code -Dleibniz.debug} (so they name no
 * lines): each snippet of {@link Model} runs and prints exactly the block pasted after it.
 */
class WhenSomethingGoesWrongTest {
    @Test
    void theTrainerReportsTheOpThatMadeTheNan() throws Exception {
        Readme.assertPrints("// the first step takes w to -1", Model::trainerNan);
    }

    @Test
    void lint() throws Exception {
        Readme.assertPrints("System.out.println(w);", Model::lint);
    }

    @Test
    void explainZero() throws Exception {
        Readme.assertPrints("Autograd.explainZero(x.matmul(w.node()).mul(1e-9).sum(), w, batch)", Model::explainZero);
    }

    @Test
    void aWrongVjpFailsOnItsFirstRun() throws Exception {
        Readme.assertPrints("Program.Options.defaults().debug(true)).run(Map.of(x, Tensor.vector(1, 2, 3)))",
                Model::selfCheck);
    }

    @Test
    void theOnlineGradientCheckIsSmallForARightModel() {
        double error = Model.onlineCheck();
        assertTrue(error >= 0 && error < 1e-6, () -> "relative error " + error);
    }
}
