package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Parameter.setAll: every value set when names and shapes match, otherwise a message and no change at all. */
class ParameterSetAllTest {
    private final Parameter w = Parameter.of("w", Tensor.ones(2, 3));
    private final Parameter b = Parameter.of("b", Tensor.vector(1, 2));
    private final Map<String, Parameter> targets = ordered(w, b);

    private static Map<String, Parameter> ordered(Parameter... ps) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : ps) {
            m.put(p.name(), p);
        }
        return m;
    }

    /** Refused with {@code "f: " + expected}, and neither parameter changed. */
    private void refused(String expected, Map<String, Tensor> values) {
        Tensor w0 = w.value();
        Tensor b0 = b.value();
        assertEquals("f: " + expected, assertThrows(IllegalArgumentException.class,
                () -> Parameter.setAll(targets, values, "f: ", "the model")).getMessage());
        assertSame(w0, w.value());
        assertSame(b0, b.value());
    }

    @Test
    void setsEveryValueWhenNamesAndShapesMatch() {
        Tensor w1 = Tensor.zeros(2, 3);
        Parameter.setAll(targets, Map.of("b", Tensor.vector(5, 6), "w", w1), "f: ", "the model");
        assertSame(w1, w.value());
        assertArrayEquals(new double[] {5, 6}, b.value().toArray(), 0);
    }

    @Test
    void refusesMissingNamesInTheTargetsOrder() {
        refused("missing tensor 'b'", Map.of("w", Tensor.zeros(2, 3)));
        refused("missing tensors 'w', 'b'", Map.of());
    }

    @Test
    void refusesUnexpectedNames() {
        Map<String, Tensor> values = new LinkedHashMap<>(Map.of("w", Tensor.zeros(2, 3), "b", Tensor.vector(0, 0)));
        values.put("extra", Tensor.zeros(1));
        refused("unexpected tensor 'extra'", values);
    }

    @Test
    void refusesAWrongShapeNamingTheOwner() {
        refused("'b' has shape [3], the model expects [2]",
                Map.of("w", Tensor.zeros(2, 3), "b", Tensor.vector(0, 0, 0)));
    }
}
