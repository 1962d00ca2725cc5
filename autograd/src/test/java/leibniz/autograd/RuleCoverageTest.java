package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Fails when a rewrite rule has no property. The convention: rule {@code family.name} is proven by a
 * {@code @Property} method {@code name} of the test class {@code <Family>Properties}
 * ({@code canonicalize.mulOne} by {@code CanonicalizeProperties.mulOne}). The rules come from the
 * compiler's own lists, fast-math ones included; reflection is confined to this test.
 */
class RuleCoverageTest {
    private static List<Rule> all() {
        List<Rule> rules = new ArrayList<>(new GradientRules(Map.of()).rules());
        rules.addAll(Compiler.rules(Program.Options.defaults().fastMath(true)));
        return rules;
    }

    @Test
    void everyRuleHasAProperty() {
        Set<String> missing = new TreeSet<>();
        for (Rule r : all()) {
            String[] parts = r.name().split("\\.");
            String owner = "leibniz.autograd." + Character.toUpperCase(parts[0].charAt(0)) + parts[0].substring(1)
                    + "Properties";
            if (!hasProperty(owner, parts[1])) {
                missing.add(r.name() + " (" + owner + "." + parts[1] + ")");
            }
        }
        assertTrue(missing.isEmpty(), "rules without a property: " + missing);
    }

    @Test
    void namesAreFamilyDotRuleAndUnique() {
        Set<String> names = new HashSet<>();
        for (Rule r : all()) {
            assertTrue(r.name().matches("[a-z][A-Za-z]*\\.[a-z][A-Za-z0-9]*"), r.name());
            assertTrue(names.add(r.name()), "two rules called " + r.name());
        }
        assertEquals(Set.of("zeros", "constantFolding", "canonicalize", "stabilize", "specialize", "fastMath"),
                new HashSet<>(names.stream().map(n -> n.substring(0, n.indexOf('.'))).toList()));
    }

    private static boolean hasProperty(String owner, String method) {
        try {
            for (Method m : Class.forName(owner).getDeclaredMethods()) {
                if (m.getName().equals(method) && m.isAnnotationPresent(Property.class)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
