package leibniz.examples.bench;

import java.util.Locale;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * What compiling costs and saves, as the listings report it: the node counts before and after compiling
 * W1's training step, W4's Hessian-vector product and the README's {@code Autograd.hessian} example; then
 * W1's compile time, fused loops and memory plan included, first in a fresh JVM (which also loads the
 * compiler's classes and Janino) and then for programs of the same structure, whose generated loops are
 * cached. A one-off measure, not JMH: the first compile happens once per JVM by definition.
 *
 * <pre>{@code java -cp examples/target/leibniz-benchmarks.jar leibniz.examples.bench.CompileTime}</pre>
 */
public final class CompileTime {
    private CompileTime() {
    }

    /** Prints the node counts, then the first compile and nine more of the same structure. */
    public static void main(String[] args) {
        StringBuilder later = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            Program step = new GraphMlp(DType.F64).trainStep();
            String line = line(step.explain(), "compiled in");
            if (i == 0) {
                System.out.println("W1 step: " + step);
                System.out.println("W1 first compile:  " + line);
            } else {
                later.append(String.format(Locale.ROOT, "%n  %d: %s", i, line));
            }
        }
        System.out.println("W1 cached loops:" + later);
        int[] s = Workloads.SIZES;
        System.out.println("W4 hvp: " + new GraphMlp(DType.F64).hvp(Tensor.of(Workloads.direction(), s[0], s[1])));
        Node x = Parameter.of("x", Tensor.vector(1, 2)).node();
        Node f = x.pow(3).sum().add(x.mul(x).sum().square());
        System.out.println("README hessian: " + Program.of(Autograd.hessian(f, x)));
    }

    private static String line(String listing, String start) {
        for (String line : listing.split("\n")) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new IllegalStateException("the listing has no line starting '" + start + "':\n" + listing);
    }
}
