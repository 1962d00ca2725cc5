package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import leibniz.core.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Fails when an op of {@code leibniz.autograd} has no gradient property, no JVP rule of its own or no JVP
 * property, or no batching rule of its own or no vmap property. Reflection is confined to this test; main
 * code registers nothing.
 *
 * <p>The convention: in a test class of package {@code leibniz.autograd} whose name ends in
 * {@code Properties}, a {@code @Property}, {@code @Example} or {@code @Test} method named
 * {@code gradOf<Op>...} (gradient check, first and second order) or {@code noGradOf<Op>...} (the op
 * passes the symbolic zero) covers the op's gradient, one named {@code jvpOf<Op>...} its forward mode, one
 * named {@code vmapOf<Op>...} its batching. {@code <Op>} is the op record's simple name
 * ({@code gradOfExp}, {@code gradOfMatMulOp}, {@code gradOfLogSumExp}); for a record with an enum
 * component, each constant is an op of its own, in camel case ({@code noGradOfEq}), optionally after the
 * record's name ({@code noGradOfCompareEq}); the record's name followed by no constant covers all of
 * them. Names match whole camel-case words, case-insensitively, longest first ({@code gradOfSumTo}
 * covers SumTo, {@code gradOfMaxKeepDims} covers Max, not Maximum), and {@code And} joins several
 * ({@code noGradOfArgMaxAndArgMin}); any words may follow. The op records
 * are found by scanning the compiled main classes of the package, so a new op family is covered
 * without touching this test. Leaves (constants, placeholders, parameter reads) are exempt.
 */
class OpCoverageTest {
    private static final String PACKAGE = "leibniz.autograd";

    /** What a property must cover: an op class, or one kind of an op record with an enum component. */
    private record Unit(String name, Class<?> op) {
    }

    @Test
    void everyOpHasAGradientProperty() throws Exception {
        assertCovered(List.of("gradOf", "noGradOf"), "a gradient property");
    }

    @Test
    void everyOpHasItsOwnJvpRuleAndAJvpProperty() throws Exception {
        assertOwnRule("jvp", List.class, "a JVP rule of its own (it falls back to the double-VJP trick)");
        assertCovered(List.of("jvpOf"), "a JVP property");
    }

    @Test
    void everyOpHasItsOwnBatchingRuleAndAVmapProperty() throws Exception {
        assertOwnRule("batch", List.class, "a batching rule of its own (vmap falls back to a loop)");
        assertCovered(List.of("vmapOf"), "a vmap property");
    }

    /** Every op class overrides Op's default {@code name(Node, second)}, itself or through its family. */
    private static void assertOwnRule(String name, Class<?> second, String what) throws Exception {
        Set<String> missing = new TreeSet<>();
        for (Unit u : units()) {
            Class<?>[] parameters = name.equals("batch") ? new Class<?>[] {Node.class, second, boolean[].class}
                    : new Class<?>[] {Node.class, second};
            if (u.op().getMethod(name, parameters).getDeclaringClass() == Op.class) {
                missing.add(u.name());
            }
        }
        assertTrue(missing.isEmpty(), "built-in ops without " + what + ": " + missing);
    }

    /** Every op is named by a test method with one of the prefixes, and every such method names an op. */
    private static void assertCovered(List<String> prefixes, String what) throws Exception {
        List<Unit> units = units();
        Set<Unit> covered = new HashSet<>();
        List<String> strays = new ArrayList<>();
        for (Class<?> c : propertiesClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                String rest = unprefixed(m, prefixes);
                if (rest != null && !cover(units, words(rest), covered)) {
                    strays.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        Set<String> missing = new TreeSet<>();
        for (Unit u : units) {
            if (!covered.contains(u)) {
                missing.add(u.name());
            }
        }
        assertTrue(missing.isEmpty() && strays.isEmpty(), "ops without " + what + " (name a @Property "
                + String.join(" or ", prefixes.stream().map(p -> p + "<Op>").toList()) + " in a *Properties class): "
                + missing + "; " + String.join("/", prefixes) + " methods that name no op: " + strays);
    }

    @Test
    void scanFindsTheOpsOfEveryFamily() throws Exception {
        Set<Class<?>> scanned = new HashSet<>();
        Set<String> names = new TreeSet<>();
        for (Unit u : units()) {
            scanned.add(u.op());
            assertTrue(names.add(u.name()), () -> "two ops are both called " + u.name());
        }
        assertTrue(scanned.contains(MatMulOp.class), "MatMulOp not found");
        for (Class<?> family : List.of(UnaryOps.class, BinaryOps.class, ReductionOps.class, LayoutOps.class,
                IndexOps.class)) {
            for (Class<?> c : family.getDeclaredClasses()) {
                if (isOp(c)) {
                    assertTrue(scanned.contains(c), () -> c.getName() + " not found by the scan");
                }
            }
        }
        for (Class<?> leaf : Leaves.class.getDeclaredClasses()) {
            assertTrue(!scanned.contains(leaf), () -> leaf.getSimpleName() + " is a leaf, not an op to cover");
        }
        assertTrue(names.containsAll(List.of("Exp", "Add", "Eq", "Ge", "Clamp", "MatMulOp", "Sum", "Variance", "Std",
                "Gather", "ScatterAdd", "IndexSelect", "IndexAdd", "Softplus", "Slice", "Pad")), names::toString);
    }

    @Test
    void namesMatchWholeWords() throws Exception {
        List<Unit> units = units();
        assertEquals(Set.of("SumTo"), coveredBy(units, "SumToAlongTwoAxes"));
        assertEquals(Set.of("Max"), coveredBy(units, "MaxKeepDims"));
        assertEquals(Set.of("Maximum"), coveredBy(units, "Maximum"));
        assertEquals(Set.of("ArgMax", "ArgMin"), coveredBy(units, "ArgmaxAndArgminIsZero"));
        assertEquals(Set.of("LogSumExp"), coveredBy(units, "LogSumExp"));
        assertEquals(Set.of("Std"), coveredBy(units, "StdAtZeroDeviation"));
        assertEquals(Set.of("Gather"), coveredBy(units, "Gather"));
        assertEquals(Set.of("IndexSelect"), coveredBy(units, "IndexSelectWithRepeats"));
        assertEquals(Set.of("Eq", "Ne", "Lt", "Le", "Gt", "Ge"), coveredBy(units, "Compare"));
        assertEquals(Set.of(), coveredBy(units, "NonScalarIsRefused"));
    }

    @Test
    void leavesPassNoGradient() {
        Node x = Parameter.of("x", Tensor.vector(1, 2)).node();
        Node c = Node.constant(Tensor.vector(3, 4));
        assertTrue(Autograd.grad(c.sum(), x).get(0).isZero());
        assertTrue(Autograd.grad(Node.zeros(x.shape()).sum(), x).get(0).isZero());
        assertTrue(Autograd.grad(x.sum(), c).get(0).isZero());
    }

    private static Set<String> coveredBy(List<Unit> units, String rest) {
        Set<Unit> covered = new HashSet<>();
        cover(units, words(rest), covered);
        Set<String> names = new TreeSet<>();
        covered.forEach(u -> names.add(u.name()));
        return names;
    }

    /**
     * Adds the units the words name to {@code covered}: an optional kinded record's name, then unit names
     * joined by "And". False if the words name nothing.
     */
    private static boolean cover(List<Unit> units, List<String> words, Set<Unit> covered) {
        int pos = 0;
        Class<?> record = null;
        Set<String> recordNames = new HashSet<>();
        for (Unit u : units) {
            if (!u.name().equals(u.op().getSimpleName())) {
                recordNames.add(u.op().getSimpleName());
            }
        }
        int end = match(words, 0, recordNames);
        if (end > 0) {
            record = classNamed(units, join(words, 0, end));
            pos = end;
        }
        boolean any = false;
        while (pos < words.size()) {
            Set<String> candidates = new HashSet<>();
            for (Unit u : units) {
                if (record == null || u.op() == record) {
                    candidates.add(u.name());
                }
            }
            end = match(words, pos, candidates);
            if (end < 0) {
                break;
            }
            String name = join(words, pos, end);
            units.stream().filter(u -> u.name().equalsIgnoreCase(name)).forEach(covered::add);
            any = true;
            pos = end;
            if (pos + 1 >= words.size() || !words.get(pos).equals("And")) {
                break;
            }
            pos++;
        }
        if (!any && record != null) {
            for (Unit u : units) {
                if (u.op() == record) {
                    covered.add(u);
                }
            }
            return true;
        }
        return any;
    }

    /** The end of the longest run of words from {@code from} that spells one of {@code names}, or -1. */
    private static int match(List<String> words, int from, Set<String> names) {
        int best = -1;
        for (int end = from + 1; end <= words.size(); end++) {
            String s = join(words, from, end);
            if (names.stream().anyMatch(s::equalsIgnoreCase)) {
                best = end;
            }
        }
        return best;
    }

    private static Class<?> classNamed(List<Unit> units, String simpleName) {
        return units.stream().map(Unit::op).filter(c -> c.getSimpleName().equalsIgnoreCase(simpleName))
                .findFirst().orElseThrow();
    }

    private static String join(List<String> words, int from, int to) {
        return String.join("", words.subList(from, to));
    }

    /** {@code ArgmaxAndArgmin} as [Argmax, And, Argmin]; digits stay with their word. */
    private static List<String> words(String camel) {
        return List.of(camel.split("(?=\\p{Lu})"));
    }

    /** The ops of the main code, with records of an enum kind expanded to one unit per kind. */
    private static List<Unit> units() throws Exception {
        File root = new File(Op.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(root.isDirectory(), () -> "expected the main classes in a directory, got " + root);
        List<Unit> units = new ArrayList<>();
        for (Class<?> c : load(new File(root, PACKAGE.replace('.', '/')))) {
            if (isOp(c)) {
                List<String> kinds = c.isRecord() ? kinds(c) : List.of();
                for (String name : kinds.isEmpty() ? List.of(c.getSimpleName()) : kinds) {
                    units.add(new Unit(name, c));
                }
            }
        }
        return units;
    }

    private static boolean isOp(Class<?> c) {
        return Op.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                && !c.isAnonymousClass() && c.getEnclosingClass() != Leaves.class;
    }

    private static List<String> kinds(Class<?> record) {
        for (RecordComponent rc : record.getRecordComponents()) {
            if (rc.getType().isEnum()) {
                List<String> kinds = new ArrayList<>();
                for (Object k : rc.getType().getEnumConstants()) {
                    kinds.add(camel(((Enum<?>) k).name()));
                }
                return kinds;
            }
        }
        return List.of();
    }

    /** {@code LOGSUMEXP} as {@code Logsumexp}, {@code ARG_MAX} as {@code ArgMax}. */
    private static String camel(String constant) {
        StringBuilder s = new StringBuilder();
        for (String word : constant.split("_")) {
            s.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }

    /** The part after one of the prefixes of a test method's name, or null if it is not a coverage method. */
    private static String unprefixed(Method m, List<String> prefixes) {
        boolean test = m.isAnnotationPresent(Property.class) || m.isAnnotationPresent(Example.class)
                || m.isAnnotationPresent(Test.class);
        String name = m.getName();
        for (String prefix : prefixes) {
            if (test && name.startsWith(prefix) && name.length() > prefix.length()) {
                return name.substring(prefix.length());
            }
        }
        return null;
    }

    /** The *Properties classes of the package (and their nested classes), wherever they were compiled. */
    private static List<Class<?>> propertiesClasses() throws Exception {
        List<Class<?>> all = new ArrayList<>();
        for (URL url : Collections.list(OpCoverageTest.class.getClassLoader().getResources(
                PACKAGE.replace('.', '/')))) {
            if ("file".equals(url.getProtocol())) {
                for (Class<?> c : load(new File(url.toURI()))) {
                    if (c.getName().split("\\$")[0].endsWith("Properties")) {
                        all.add(c);
                    }
                }
            }
        }
        return all;
    }

    private static List<Class<?>> load(File dir) throws ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        File[] files = dir.listFiles((d, n) -> n.endsWith(".class"));
        for (File f : files == null ? new File[0] : files) {
            String name = f.getName();
            classes.add(Class.forName(PACKAGE + "." + name.substring(0, name.length() - 6), false,
                    OpCoverageTest.class.getClassLoader()));
        }
        return classes;
    }
}
