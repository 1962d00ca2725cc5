package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import leibniz.autograd.Program;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README, "When something goes wrong", the reports of a JVM in debug mode ({@code -Dleibniz.debug=true}, set
 * for classes named *DebugModeTest), which name the lines of {@link Model} that built each node.
 */
class WhenSomethingGoesWrongDebugModeTest {
    /** Run alone by {@code -Dtest=...}, this class is in a JVM without debug mode: it has nothing to check there. */
    @BeforeAll
    static void inDebugMode() {
        Assumptions.assumeTrue(Program.Options.defaults().debug(), "needs -Dleibniz.debug=true");
    }

    private static void printsTheReadmeBlock(String marker, Console.Snippet snippet) throws Exception {
        assertEquals(Readme.textBlockAfter(Readme.text(), marker), Console.capture(snippet).strip());
    }

    @Test
    void aNanIsTracedToTheOpAndLineThatMadeIt() throws Exception {
        printsTheReadmeBlock("program.run(Map.of(x, Tensor.ones(3)));", Model::nan);
    }

    @Test
    void aShapeErrorSaysWhereEachDimensionWasBuilt() throws Exception {
        printsTheReadmeBlock("// one transpose too many", Model::shapes);
    }
}
