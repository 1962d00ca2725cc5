package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README tutorial says which imports its snippets need; this compiles every tutorial snippet with
 * exactly those imports, and beside them every public type of the four library packages by its simple
 * name, so a name two wildcard imports share (as {@code leibniz.nn.Module} and {@code java.lang.Module} do)
 * fails here before it fails a reader.
 */
class TutorialImportsTest {
    /** Variables a snippet takes over from an earlier one: step 2's network, step 6's data. */
    private static final String CARRIED = "Sequential net; Tensor X; Tensor Y; Dataset data;";

    @TempDir
    Path dir;

    @Test
    void everyTutorialSnippetCompilesWithExactlyTheImportsTheTutorialStates() throws IOException {
        List<String> imports = tutorial().get(0).imports();
        assertEquals(List.of("import leibniz.autograd.*;", "import leibniz.core.*;", "import leibniz.nn.*;",
                "import leibniz.nn.Module;", "import leibniz.optim.*;", "import java.util.*;"), imports);
        assertEquals(List.of(), errors(source(imports)));
    }

    @Test
    void withoutModuleByNameTheWildcardsMakeItAmbiguous() throws IOException {
        List<String> imports = new ArrayList<>(tutorial().get(0).imports());
        imports.remove("import leibniz.nn.Module;");
        List<String> errors = errors(source(imports));
        assertTrue(errors.stream().anyMatch(e -> e.contains("reference to Module is ambiguous")), errors.toString());
    }

    /** The tutorial's java blocks: the first lists the imports, each other is a snippet. */
    private static List<ReadmeSnippetsTest.Block> tutorial() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        int start = readme.indexOf("## Tutorial");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(start >= 0, "README.md has no tutorial");
        List<ReadmeSnippetsTest.Block> blocks = ReadmeSnippetsTest.javaBlocks(readme.substring(start, end));
        assertTrue(blocks.size() > 10, "too few tutorial snippets: " + blocks.size());
        assertEquals("", blocks.get(0).body(), "the tutorial's first java block lists its imports and nothing else");
        return blocks;
    }

    /** One class: the imports, a method per snippet, and a reference to every public library type. */
    private String source(List<String> imports) throws IOException {
        StringBuilder s = new StringBuilder(String.join("\n", imports)).append("\nclass Tutorial {\n")
                .append(CARRIED).append('\n');
        List<ReadmeSnippetsTest.Block> blocks = tutorial();
        for (int i = 1; i < blocks.size(); i++) {
            s.append("void snippet").append(i).append("() throws Exception {\n").append(blocks.get(i).body())
                    .append("\n}\n");
        }
        s.append("Class<?>[] everyType = {").append(publicTypes().stream().map(t -> t + ".class")
                .collect(Collectors.joining(", "))).append("};\n}\n");
        return s.toString();
    }

    /** The simple names of the public top-level types of leibniz.core, autograd, nn and optim. */
    private static List<String> publicTypes() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> names = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
            files.setLocation(StandardLocation.CLASS_PATH, classPath());
            for (String pkg : List.of("leibniz.core", "leibniz.autograd", "leibniz.nn", "leibniz.optim")) {
                for (JavaFileObject f : files.list(StandardLocation.CLASS_PATH, pkg, Set.of(JavaFileObject.Kind.CLASS),
                        false)) {
                    String binary = files.inferBinaryName(StandardLocation.CLASS_PATH, f);
                    if (!binary.contains("$") && isPublic(binary)) {
                        names.add(binary.substring(pkg.length() + 1));
                    }
                }
            }
        }
        assertTrue(names.contains("Module") && names.contains("Tensor") && names.contains("Trainer"), names.toString());
        return names;
    }

    private static boolean isPublic(String binaryName) {
        try {
            return Modifier.isPublic(Class.forName(binaryName, false, TutorialImportsTest.class.getClassLoader())
                    .getModifiers());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(binaryName + " is on javac's class path but not the test's", e);
        }
    }

    /** The compiler's errors for {@code source}, one line each. */
    private List<String> errors(String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///Tutorial.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            files.setLocation(StandardLocation.CLASS_PATH, classPath());
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(dir.toFile()));
            javac.getTask(null, files, diagnostics, List.of("-proc:none"), null, List.of(unit)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList();
    }

    /** The test's class path as Surefire gives it (java.class.path may be a manifest-only jar). */
    private static List<File> classPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(path.split(File.pathSeparator)).filter(p -> !p.isEmpty()).map(File::new).toList();
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("examples"))) {
                return p;
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
