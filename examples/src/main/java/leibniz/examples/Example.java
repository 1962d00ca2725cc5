package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A runnable example: a picocli command whose {@code @Command} gives its name and one-line description
 * and whose {@code @Option} fields (its own, and the mixins {@link RunOptions} and, for the training
 * examples, {@link TrainingOptions} with its defaults) hold the parsed command line.
 */
interface Example {
    /**
     * Trains and evaluates, printing progress to {@code out} and writing the outputs to {@code --out}.
     * Bad data or an unusable output folder is a {@link UsageException}.
     */
    void run(PrintStream out) throws IOException;
}
