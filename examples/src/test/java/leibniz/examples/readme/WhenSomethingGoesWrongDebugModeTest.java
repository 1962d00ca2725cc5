package leibniz.examples.readme;

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

    @Test
    void aNanIsTracedToTheOpAndLineThatMadeIt() throws Exception {
        Readme.assertPrints("program.run(Map.of(x, Tensor.ones(3)));", Model::nan);
    }

    @Test
    void aShapeErrorSaysWhereEachDimensionWasBuilt() throws Exception {
        Readme.assertPrints("// one transpose too many", Model::shapes);
    }
}
