package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesThatParseBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\\ line\n\u0001");
        m.put("epochs", List.of(Map.of("loss", 0.25), Map.of()));
        m.put("count", 3);
        m.put("ok", true);
        m.put("values", new double[] {1.5, -2, 1e-7});
        String text = Json.write(m);
        Map<String, Object> back = JsonReader.object(JsonReader.parse(text));
        assertEquals("a \"quoted\"\\ line\n\u0001", back.get("name"));
        assertEquals(0.25, JsonReader.object(JsonReader.list(back.get("epochs")).get(0)).get("loss"));
        assertEquals(3.0, back.get("count"));
        assertEquals(true, back.get("ok"));
        assertEquals(List.of(1.5, -2.0, 1e-7), back.get("values"));
    }

    @Test
    void writesIntegralNumbersWithoutAFractionAndNonFiniteAsNull() {
        assertEquals("[\n  1,\n  0.5,\n  null,\n  null\n]\n",
                Json.write(List.of(1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY)));
    }

    @Test
    void refusesValuesItCannotWrite() {
        assertEquals("json: cannot write a class java.lang.Object",
                assertThrows(IllegalArgumentException.class, () -> Json.write(new Object())).getMessage());
    }
}
