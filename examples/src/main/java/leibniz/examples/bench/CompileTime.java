package leibniz.examples.bench;

import java.util.Locale;
import leibniz.autograd.Program;
import leibniz.core.DType;

/**
 * The compile time of W1's training program, fused loops and memory plan included, as its listing reports
 * it: first in a fresh JVM (which also loads the compiler's classes and Janino), then for programs of the
 * same structure, whose generated loops are cached. A one-off measure, not JMH: the first compile happens
 * once per JVM by definition.
 *
 * <pre>{@code java -cp examples/target/leibniz-benchmarks.jar leibniz.examples.bench.CompileTime}</pre>
 */
public final class CompileTime {
    private CompileTime() {
    }

    /** Prints the first compile and nine more of the same structure, in milliseconds. */
    public static void main(String[] args) {
        StringBuilder later = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            Program step = new GraphMlp(DType.F64).trainStep();
            String line = compiledLine(step.explain());
            if (i == 0) {
                System.out.println("first:  " + line);
            } else {
                later.append(String.format(Locale.ROOT, "%n  %d: %s", i, line));
            }
        }
        System.out.println("cached:" + later);
    }

    private static String compiledLine(String listing) {
        for (String line : listing.split("\n")) {
            if (line.startsWith("compiled in")) {
                return line;
            }
        }
        throw new IllegalStateException("the listing has no compile time:\n" + listing);
    }
}
