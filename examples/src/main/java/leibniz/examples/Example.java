package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A runnable example: a name on the command line, a one-line description, the options it takes
 * (the common ones of {@link Common} with its own defaults, then its own) and the program itself.
 */
interface Example {
    /** The name on the command line, e.g. {@code digits}. */
    String name();

    /** One line for the help. */
    String description();

    /** Every option it accepts, in the order the help lists them. */
    List<Option> options();

    /**
     * Trains and evaluates, printing progress to {@code out} and writing the outputs to {@code --out}.
     * Bad data or an unusable output folder is a {@link UsageException}.
     */
    void run(Options options, PrintStream out) throws IOException;
}
