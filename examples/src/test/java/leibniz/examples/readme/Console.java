package leibniz.examples.readme;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a tutorial snippet prints: standard output captured while it runs (tests run one at a time). */
final class Console {
    private Console() {
    }

    /** Runs {@code snippet} and returns what it printed, with line ends as {@code \n}. */
    static String capture(Snippet snippet) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            snippet.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** A snippet that may throw. */
    @FunctionalInterface
    interface Snippet {
        void run() throws Exception;
    }
}
