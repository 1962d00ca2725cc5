package leibniz.examples;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * What an option's value must look like, by the type of its field: an {@code int} is a count (1 or
 * more), a {@code long} any whole number (a seed), a {@code double} a finite positive number (or, with
 * {@link NonNegative} as its converter, at least 0), a text or path not empty. picocli calls these while
 * parsing, so an example never sees a malformed value, and reports a refusal as
 * {@code Invalid value for option '--lr': must be a finite positive number, got -0.1}.
 */
final class Values {
    private Values() {
    }

    static void register(CommandLine cli) {
        cli.registerConverter(Integer.class, Values::count);
        cli.registerConverter(Integer.TYPE, Values::count);
        cli.registerConverter(Long.class, Values::whole);
        cli.registerConverter(Long.TYPE, Values::whole);
        cli.registerConverter(Double.class, Values::positive);
        cli.registerConverter(Double.TYPE, Values::positive);
        cli.registerConverter(String.class, Values::text);
        cli.registerConverter(Path.class, s -> Path.of(text(s)));
    }

    static int count(String s) {
        long n = whole(s);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new TypeConversionException("must be between 1 and " + Integer.MAX_VALUE + ", got " + s);
        }
        return (int) n;
    }

    static long whole(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a whole number, got '" + s + "'");
        }
    }

    static double positive(String s) {
        double x = parse(s);
        if (!(x > 0) || !Double.isFinite(x)) {
            throw new TypeConversionException("must be a finite positive number, got " + s);
        }
        return x;
    }

    /** A finite number at least 0, for an option where 0 means none: {@code converter = NonNegative.class}. */
    static final class NonNegative implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            double x = parse(s);
            if (!(x >= 0) || !Double.isFinite(x)) {
                throw new TypeConversionException("must be a finite number at least 0, got " + s);
            }
            return x;
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a number, got '" + s + "'");
        }
    }

    static String text(String s) {
        if (s.isEmpty()) {
            throw new TypeConversionException("the value is empty");
        }
        return s;
    }
}
