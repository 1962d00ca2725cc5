package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * README, "When something goes wrong", the reports of a JVM without {@code -Dleibniz.debug} (so they name no
 * lines): each snippet of {@link Model} runs and prints exactly the block pasted after it.
 */
class WhenSomethingGoesWrongTest {
    private static void printsTheReadmeBlock(String marker, Console.Snippet snippet) throws Exception {
        assertEquals(Readme.textBlockAfter(Readme.text(), marker), Console.capture(snippet).strip());
    }

    @Test
    void theTrainerReportsTheOpThatMadeTheNan() throws Exception {
        printsTheReadmeBlock("// the first step takes w to -1", Model::trainerNan);
    }

    @Test
    void lint() throws Exception {
        printsTheReadmeBlock("System.out.println(w);", Model::lint);
    }

    @Test
    void explainZero() throws Exception {
        printsTheReadmeBlock("Autograd.explainZero(x.matmul(w.node()).mul(1e-9).sum(), w, batch)", Model::explainZero);
    }

    @Test
    void aWrongVjpFailsOnItsFirstRun() throws Exception {
        printsTheReadmeBlock("Program.Options.defaults().debug(true)).run(Map.of(x, Tensor.vector(1, 2, 3)))",
                Model::selfCheck);
    }

    @Test
    void theOnlineGradientCheckIsSmallForARightModel() {
        double error = Model.onlineCheck();
        assertTrue(error >= 0 && error < 1e-6, () -> "relative error " + error);
    }
}
