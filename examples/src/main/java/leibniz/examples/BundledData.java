package leibniz.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import leibniz.core.Tensor;
import leibniz.optim.Dataset;

/**
 * The small data sets shipped in the jar (see {@code DATA-LICENCES.md} beside them): the UCI optical
 * digits and Fisher's iris. Both are read from the class path, so the examples run on a fresh clone.
 */
final class BundledData {
    private static final String FOLDER = "/leibniz/examples/data/";

    private BundledData() {
    }

    /** A data set with the names of its classes, in label order. */
    record Labeled(Dataset data, List<String> classes) {
    }

    /**
     * The 1,797 digits: features {@code [1797, 64]}, the 8x8 pixel counts 0..16 scaled to [0, 1], and
     * labels {@code [1797]} in 0..9.
     */
    static Labeled digits() {
        List<double[]> rows = csv("digits.csv.gz", true);
        int n = rows.size();
        double[] x = new double[n * 64];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = check(rows.get(i), 65, "digits.csv.gz", i);
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = r[j] / 16.0;
            }
            y[i] = r[64];
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new Labeled(Dataset.of(Tensor.of(x, n, 64), Tensor.of(y, n)), classes);
    }

    /**
     * The 150 irises: features {@code [150, 4]} (sepal length and width, petal length and width in cm) and
     * labels {@code [150]} in 0..2 (setosa, versicolor, virginica). The file's first line is
     * {@code rows,features,class names...}.
     */
    static Labeled iris() {
        List<String> lines = lines("iris.csv", false);
        String[] header = lines.get(0).split(",");
        int n = Integer.parseInt(header[0].trim());
        int features = Integer.parseInt(header[1].trim());
        List<String> classes = List.of(header).subList(2, header.length);
        if (lines.size() - 1 != n) {
            throw new IllegalStateException("iris.csv: the header says " + n + " rows, the file has " + (lines.size() - 1));
        }
        double[] x = new double[n * features];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = check(parse(lines.get(i + 1)), features + 1, "iris.csv", i + 1);
            System.arraycopy(r, 0, x, i * features, features);
            y[i] = r[features];
        }
        return new Labeled(Dataset.of(Tensor.of(x, n, features), Tensor.of(y, n)), classes);
    }

    private static List<double[]> csv(String file, boolean gzip) {
        List<double[]> rows = new ArrayList<>();
        for (String line : lines(file, gzip)) {
            rows.add(parse(line));
        }
        return rows;
    }

    private static double[] parse(String line) {
        String[] cells = line.split(",");
        double[] r = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
            r[j] = Double.parseDouble(cells[j].trim());
        }
        return r;
    }

    private static double[] check(double[] row, int width, String file, int line) {
        if (row.length != width) {
            throw new IllegalStateException(file + ": line " + (line + 1) + " has " + row.length + " values, expected "
                    + width);
        }
        return row;
    }

    private static List<String> lines(String file, boolean gzip) {
        InputStream raw = BundledData.class.getResourceAsStream(FOLDER + file);
        if (raw == null) {
            throw new IllegalStateException("bundled data " + FOLDER + file + " is missing from the class path");
        }
        try (InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled data " + file, e);
        }
    }
}
