package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the README's code from rotting: every {@code ```java} block of README.md must appear, verbatim up
 * to whitespace and with its comments, in a test under {@code leibniz/examples/readme/}, which compiles it,
 * runs it and asserts what its comments claim. Leading {@code import} lines of a block may sit anywhere in
 * that file (imports cannot stand beside statements in Java); the rest must appear as one piece.
 */
class ReadmeSnippetsTest {
    private static final String SNIPPETS = "examples/src/test/java/leibniz/examples/readme";

    /** One fenced block: the README line its code starts on, its import lines and the rest. */
    record Block(int line, List<String> imports, String body) {
        String firstLine() {
            String all = String.join("\n", imports) + "\n" + body;
            return all.strip().lines().findFirst().orElse("").strip();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockIsRunByATest() {
        Path root = root();
        List<Block> blocks = javaBlocks(read(root.resolve("README.md")));
        Map<String, String> sources = sources(root.resolve(SNIPPETS));
        // A block of imports alone (the tutorial's) is compiled with the tutorial by TutorialImportsTest.
        return blocks.stream().filter(b -> !b.body().isEmpty())
                .map(b -> DynamicTest.dynamicTest("README.md:" + b.line() + " " + b.firstLine(),
                () -> {
                    if (sources.values().stream().noneMatch(source -> contains(source, b))) {
                        fail("README.md line " + b.line() + ": the java block starting '" + b.firstLine()
                                + "' appears verbatim in no test under " + SNIPPETS + "/: add or update one");
                    }
                }));
    }

    @Test
    void theReadmeHasJavaBlocksAndTheirTestsExist() {
        Path root = root();
        assertTrue(javaBlocks(read(root.resolve("README.md"))).size() >= 20, "too few java blocks found");
        assertFalse(sources(root.resolve(SNIPPETS)).isEmpty());
    }

    @Test
    void blocksAreSplitIntoImportsAndBodyAndMatchedUpToWhitespace() {
        String readme = "text\n```java\nimport a.B;\n\nB x =   B.of(1);   // one\n```\n```bash\nls\n```\n"
                + "```java\ny();\n```\n";
        List<Block> blocks = javaBlocks(readme);
        assertEquals(List.of(new Block(3, List.of("import a.B;"), "B x =   B.of(1);   // one"),
                new Block(11, List.of(), "y();")), blocks);
        assertTrue(contains("import a.B;\nclass T {\n  void t() {\n    B x = B.of(1); // one\n  }\n}", blocks.get(0)));
        assertFalse(contains("class T { void t() { B x = B.of(1); } }", blocks.get(0)), "comments are kept");
        assertFalse(contains("class T { void t() { B x = B.of(1); // one\n } }", blocks.get(0)), "imports too");
    }

    /** The java blocks of a markdown text, in order. */
    static List<Block> javaBlocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException("README.md line " + (i + 1) + ": a java block is never closed");
            }
            List<String> imports = new ArrayList<>();
            int body = start;
            while (body < end && (lines.get(body).isBlank() || lines.get(body).startsWith("import "))) {
                if (!lines.get(body).isBlank()) {
                    imports.add(lines.get(body).strip());
                }
                body++;
            }
            blocks.add(new Block(start + 1, imports, String.join("\n", lines.subList(body, end)).strip()));
            i = end;
        }
        return blocks;
    }

    /** True if {@code source} holds every import of the block and its body as one piece, up to whitespace. */
    static boolean contains(String source, Block block) {
        String text = normalise(source);
        return text.contains(normalise(block.body()))
                && block.imports().stream().allMatch(i -> text.contains(normalise(i)));
    }

    private static String normalise(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** The repository root: the nearest folder up from the working one that holds README.md and the snippets. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve(SNIPPETS))) {
                return p;
            }
        }
        throw new IllegalStateException("no README.md with " + SNIPPETS + " beside it above "
                + Path.of("").toAbsolutePath());
    }

    private static Map<String, String> sources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, String> out = new TreeMap<>();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> out.put(f.getFileName().toString(), read(f)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
