package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Sequential;
import leibniz.optim.Sgd;
import org.junit.jupiter.api.Test;

/** README, "Compiled programs": the listing of an MLP's training step, exactly as pasted, and a stabilized log-softmax. */
class CompiledProgramsTest {
    @Test
    void theListingIsTheOneInTheReadme() throws Exception {
        String printed = Console.capture(() -> {
            var rng = new SplittableRandom(1);
            Sequential mlp = Sequential.of(Linear.create(3, 4, rng), Activation.relu(), Linear.create(4, 2, rng));
            Node x = Node.placeholder("x", 8, 3), y = Node.placeholder("y", 8);     // features, class labels
            Node loss = Losses.crossEntropy(mlp.forward(x, Context.training()), y);
            List<Node> grads = Autograd.gradients(loss, List.copyOf(mlp.parameters().values()));
            Program step = Program.of(List.of(loss), Sgd.create(0.1).step(mlp.parameters(), grads));
            System.out.println(step.explain());
        });
        String pasted = Readme.textBlockAfter(Readme.text(), "System.out.println(step.explain());");
        assertEquals(withoutTime(pasted), withoutTime(printed.strip()));
    }

    @Test
    void aNaiveLogSoftmaxIsStableCompiled() {
        Node z = Node.placeholder("z", 1, 3);
        Node logp = z.exp().div(z.exp().sum(1, true)).log();                    // log softmax, naively
        Node dz = Autograd.grad(logp.sum(), z).get(0);
        Map<Node, Tensor> big = Map.of(z, Tensor.matrix(new double[][] {{1000, 0, -1000}}));
        List<Tensor> compiled = Program.of(logp, dz).run(big);                   // [0, -1000, -2000], [-2, 1, 1]
        Program asWritten = Program.of(List.of(logp, dz), List.of(), Program.Options.defaults().uncompiled());
        List<Tensor> nan = asWritten.run(big);                                   // NaN, NaN

        assertEquals(Tensor.matrix(new double[][] {{0, -1000, -2000}}), compiled.get(0));
        assertEquals(Tensor.matrix(new double[][] {{-2, 1, 1}}), compiled.get(1));
        assertTrue(Double.isNaN(nan.get(0).get(0, 0)) && Double.isNaN(nan.get(1).get(0, 0)), nan.toString());
    }

    /** The listing without its last line, the compile time, which varies; that line's form is checked. */
    private static String withoutTime(String listing) {
        int at = listing.lastIndexOf("\ncompiled in ");
        String time = "\\d+\\.\\d ms";
        assertTrue(at > 0 && listing.substring(at + 1).matches("compiled in " + time + " \\(rewrites " + time
                + ", fused loops and memory plan " + time + "\\)"), listing);
        return listing.substring(0, at);
    }
}
