package leibniz.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser and a string quoter for the JSON of safetensors headers (RFC 8259).
 *
 * <p>Objects become {@link LinkedHashMap}s in document order (duplicate keys are refused, since the
 * header maps names to tensors), arrays {@link List}s, strings {@link String}s, integers without a
 * fraction or exponent {@link Long}s, other numbers {@link Double}s, {@code true}/{@code false}
 * {@link Boolean}s and {@code null} the marker {@link #NULL}. Anything else, including trailing
 * text other than whitespace, is a {@link SyntaxError} that says what was expected and where.
 */
final class Json {
    /** The value of a JSON {@code null}, so that parsed trees never hold Java nulls. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Malformed JSON: the message names what was expected and the character index. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    // The parser recurses once per nesting level; the limit keeps a hostile header of a million
    // '[' from overflowing the stack (a safetensors header nests three levels deep).
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** The value that {@code text} holds, followed by nothing but whitespace. */
    static Object parse(String text) throws SyntaxError {
        Json p = new Json(text);
        Object v = p.value();
        p.skipSpace();
        if (p.i < text.length()) {
            throw p.error("unexpected text after the top-level value");
        }
        return v;
    }

    /** {@code text} as a JSON string literal; non-ASCII characters stay as they are (the file is UTF-8). */
    static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private Object value() throws SyntaxError {
        skipSpace();
        if (i >= s.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected a value, found '" + c + "'");
            }
        };
    }

    private Map<String, Object> object() throws SyntaxError {
        enter();
        i++;
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            i++;
            depth--;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int at = i;
            String key = string();
            skipSpace();
            expect(':');
            Object v = value();
            if (out.putIfAbsent(key, v) != null) {
                i = at;
                throw error("duplicate key " + quote(key));
            }
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() == '}') {
                i++;
                depth--;
                return out;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() throws SyntaxError {
        enter();
        i++;
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            i++;
            depth--;
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() == ']') {
                i++;
                depth--;
                return out;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxError {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                i--;
                throw error("control character in a string must be escaped");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> {
                    i--;
                    throw error("invalid escape '\\" + e + "'");
                }
            }
        }
    }

    private char hex4() throws SyntaxError {
        if (i + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
            i++;
        }
        return (char) v;
    }

    private Object number() throws SyntaxError {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            i++;
            integral = false;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String text = s.substring(start, i);
        if (!integral) {
            return Double.parseDouble(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            i = start;
            throw error("integer " + text + " is out of range");
        }
    }

    private Object literal(String word, Object v) throws SyntaxError {
        if (!s.startsWith(word, i)) {
            throw error("expected a value");
        }
        i += word.length();
        return v;
    }

    private void enter() throws SyntaxError {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            i++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The current character, or -1 at the end. */
    private int peek() {
        return i < s.length() ? s.charAt(i) : -1;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private SyntaxError error(String what) {
        return new SyntaxError(what + " at character " + i);
    }
}
