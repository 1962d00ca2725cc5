package leibniz.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors header's JSON as plain values, read with Jackson's streaming parser: objects become
 * {@link LinkedHashMap}s in document order, arrays {@link List}s, strings {@link String}s, integers
 * {@link Long}s, other numbers {@link Double}s, {@code true}/{@code false} {@link Boolean}s and
 * {@code null} the marker {@link #NULL}, so that {@link SafetensorsHeader} checks values, not tokens.
 */
final class HeaderJson {
    /** A header nests three levels deep; a hostile one of a million '[' is refused at this depth. */
    static final int MAX_DEPTH = 64;

    /** The value of a JSON {@code null}, so that parsed trees never hold Java nulls. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private HeaderJson() {
    }

    /**
     * The value that {@code text} holds, followed by nothing but whitespace; malformed JSON is an
     * {@link IOException} {@code "<file>: bad header JSON: <what> at character <index>"}.
     */
    static Object parse(JsonFactory json, String text, String file) throws IOException {
        try (JsonParser p = json.createParser(text)) {
            Object root;
            try {
                root = value(p, p.nextToken());
            } catch (JsonProcessingException e) {
                // The nesting limit's exception carries no location; the parser still knows where it stopped.
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw bad(file, e.getOriginalMessage(), at.getCharOffset());
            }
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw bad(file, "unexpected text after the top-level value", p.currentTokenLocation().getCharOffset());
            }
            return root;
        }
    }

    // Recursion is bounded by the factory's nesting limit, which the parser enforces as it reads.
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input, expected a value", p.currentLocation());
        }
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    out.put(key, value(p, p.nextToken()));
                }
                yield out;
            }
            case START_ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    out.add(value(p, e));
                }
                yield out;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new JsonParseException(p, "integer " + p.getText() + " is out of range",
                            p.currentTokenLocation());
                }
                yield p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new JsonParseException(p, "unexpected " + t, p.currentTokenLocation());
        };
    }

    private static IOException bad(String file, String what, long at) {
        return SafetensorsHeader.invalid(file, "bad header JSON: " + what + " at character " + at);
    }
}
