package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README tutorial's last step stays true: it runs the examples with the same command as the README's
 * "Two commands", and it names exactly the examples that command knows.
 */
class TutorialExamplesTest {
    private static final String JAR = "examples/target/leibniz-examples.jar";

    @Test
    void theTutorialUsesTheCommandOfTwoCommands() throws IOException {
        String readme = readme();
        Matcher main = Pattern.compile("(java [^\\n]*?-jar " + Pattern.quote(JAR) + ")").matcher(readme);
        assertTrue(main.find(), "README.md runs no " + JAR);
        String applications = applications(readme);
        assertTrue(applications.contains("`" + main.group(1) + " <example>`"),
                "the tutorial's Applications should run examples with `" + main.group(1) + " <example>`");
    }

    @Test
    void everyExampleTheTutorialNamesExists() throws IOException {
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("`([a-z][a-z0-9-]*)`").matcher(applications(readme()));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue(named.size() >= 10, "too few examples named: " + named);
        List<String> known = examples();
        List<String> unknown = named.stream().filter(n -> !known.contains(n)).toList();
        assertEquals(List.of(), unknown, "named in the tutorial but not an example of the command line " + known);
    }

    @Test
    void everyExampleIsNamedInTheTutorial() throws IOException {
        String applications = applications(readme());
        List<String> missing = examples().stream().filter(n -> !applications.contains("`" + n + "`")).toList();
        assertEquals(List.of(), missing, "examples the README tutorial's Applications step does not name");
    }

    /** The names of the command line's subcommands. */
    private static List<String> examples() {
        return List.copyOf(Main.commandLine(System.out, System.err).getSubcommands().keySet());
    }

    /** The tutorial's Applications step, up to the next heading. */
    private static String applications(String readme) {
        int start = readme.indexOf("### 10. Applications");
        assertTrue(start >= 0, "README.md has no '### 10. Applications'");
        int end = readme.indexOf("\n#", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String readme() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("examples"))) {
                return Files.readString(p.resolve("README.md"));
            }
        }
        throw new IOException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
