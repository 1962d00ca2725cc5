package leibniz.examples;

import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, numbers, strings and booleans as indented JSON (RFC 8259). Numbers that JSON cannot
 * hold (NaN, infinities) become {@code null}; integral values print without a fraction.
 */
final class Json {
    private Json() {
    }

    /** {@code value} as JSON text ending in a newline. */
    static String write(Object value) {
        StringBuilder s = new StringBuilder();
        write(s, value, 0);
        return s.append('\n').toString();
    }

    private static void write(StringBuilder s, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            writeMap(s, map, depth);
        } else if (value instanceof List<?> list) {
            writeList(s, list, depth);
        } else if (value instanceof double[] array) {
            s.append('[');
            for (int i = 0; i < array.length; i++) {
                s.append(i == 0 ? "" : ", ").append(number(array[i]));
            }
            s.append(']');
        } else if (value instanceof Double || value instanceof Float) {
            s.append(number(((Number) value).doubleValue()));
        } else if (value instanceof Number || value instanceof Boolean) {
            s.append(value);
        } else if (value instanceof String text) {
            quote(s, text);
        } else {
            throw new IllegalArgumentException("json: cannot write a " + (value == null ? "null" : value.getClass()));
        }
    }

    private static void writeMap(StringBuilder s, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            s.append("{}");
            return;
        }
        s.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            indent(s, depth + 1);
            quote(s, String.valueOf(e.getKey()));
            s.append(": ");
            write(s, e.getValue(), depth + 1);
            s.append(++i < map.size() ? ",\n" : "\n");
        }
        indent(s, depth);
        s.append('}');
    }

    private static void writeList(StringBuilder s, List<?> list, int depth) {
        if (list.isEmpty()) {
            s.append("[]");
            return;
        }
        s.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            indent(s, depth + 1);
            write(s, list.get(i), depth + 1);
            s.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        indent(s, depth);
        s.append(']');
    }

    private static String number(double x) {
        if (!Double.isFinite(x)) {
            return "null";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    private static void indent(StringBuilder s, int depth) {
        s.append("  ".repeat(depth));
    }

    private static void quote(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
