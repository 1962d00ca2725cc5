package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README as the snippet tests read it: its text, and the output blocks pasted in it. */
final class Readme {
    private Readme() {
    }

    /** The README.md above the working directory. */
    static String text() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("examples"))) {
                return Files.readString(p.resolve("README.md"));
            }
        }
        throw new IOException("no README.md above " + Path.of("").toAbsolutePath());
    }

    /** Checks that {@code snippet} prints exactly the {@code ```text} block after the line containing {@code marker}. */
    static void assertPrints(String marker, Console.Snippet snippet) throws Exception {
        assertEquals(textBlockAfter(text(), marker), Console.capture(snippet).strip());
    }

    /** The first {@code ```text} block after the line containing {@code marker}, stripped. */
    static String textBlockAfter(String markdown, String marker) {
        int at = markdown.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("README.md has no line containing '" + marker + "'");
        }
        int from = markdown.indexOf("```text\n", at) + "```text\n".length();
        return markdown.substring(from, markdown.indexOf("```", from)).strip();
    }
}
