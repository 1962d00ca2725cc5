package leibniz.optim;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The batches of a dataset for one epoch: rows in order, or shuffled with a seed mixed from the loader's
 * seed and the epoch number, so that any epoch's batches can be recomputed on their own (an interrupted
 * run resumes exactly). The last batch is shorter when the batch size does not divide the rows, unless
 * it is dropped. A batch size larger than the data gives one batch of every row, as PyTorch's
 * {@code DataLoader} does with {@code drop_last=False}; so {@code Integer.MAX_VALUE} means full-batch.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(train, 32).shuffled(42).dropLast(true);
 * for (Dataset batch : loader.batches(epoch)) { ... }
 * }</pre>
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;

    private DataLoader(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (data == null) {
            throw new IllegalArgumentException("DataLoader: a dataset is required");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        if (dropLast && batchSize > data.size()) {
            throw new IllegalArgumentException("DataLoader: dropping the last short batch leaves no batch: batch size "
                    + batchSize + " but " + data.size() + " rows");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /** Batches of {@code batchSize} rows in dataset order, keeping the last short batch. */
    public static DataLoader of(Dataset data, int batchSize) {
        return new DataLoader(data, batchSize, false, 0, false);
    }

    /** This loader with every epoch's rows shuffled by a seed mixed from {@code seed} and the epoch number. */
    public DataLoader shuffled(long seed) {
        return new DataLoader(data, batchSize, true, seed, dropLast);
    }

    /** This loader dropping (or keeping) the last batch when it is shorter than the batch size. */
    public DataLoader dropLast(boolean drop) {
        return new DataLoader(data, batchSize, shuffle, seed, drop);
    }

    /** This loader with another batch size (a batch-size schedule changes it per epoch). */
    public DataLoader withBatchSize(int size) {
        return new DataLoader(data, size, shuffle, seed, dropLast);
    }

    /** The dataset. */
    public Dataset dataset() {
        return data;
    }

    /** The number of rows per full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The number of batches per epoch: {@code ⌈N / b⌉}, or {@code ⌊N / b⌋} when dropping the last short batch. */
    public int batchCount() {
        return batchCount(data.size(), batchSize, dropLast);
    }

    /** The order in which the rows are visited in {@code epoch}: a permutation of the rows. */
    public int[] order(int epoch) {
        return order(data.size(), shuffle, seed, epoch);
    }

    /**
     * The batches of {@code epoch}, each gathered from the dataset only when it is asked for, so an epoch
     * never holds a second copy of the data.
     */
    public List<Dataset> batches(int epoch) {
        List<int[]> rows = rows(order(epoch), batchSize, batchCount());
        return new AbstractList<>() {
            @Override
            public Dataset get(int i) {
                return data.subset(rows.get(i));
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
    }

    /** What {@link #batchCount} says of {@code n} rows. */
    static int batchCount(int n, int batchSize, boolean dropLast) {
        // In long: N + b − 1 overflows an int for batch sizes near Integer.MAX_VALUE.
        long rows = n;
        return (int) (dropLast ? rows / batchSize : (rows + batchSize - 1) / batchSize);
    }

    /** The visiting order of n rows in {@code epoch}, as {@link #order} gives it; shared with the Spark trainer. */
    static int[] order(int n, boolean shuffle, long seed, int epoch) {
        if (shuffle) {
            return Shuffle.permutation(n, Shuffle.epochSeed(seed, epoch));
        }
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        return p;
    }

    /** The row indices of the first {@code count} batches of {@code batchSize} along {@code order}, cut when asked. */
    static List<int[]> rows(int[] order, int batchSize, int count) {
        return new AbstractList<>() {
            @Override
            public int[] get(int i) {
                if (i < 0 || i >= count) {
                    throw new IndexOutOfBoundsException("DataLoader: batch " + i + " of " + count);
                }
                long from = (long) i * batchSize;
                int to = (int) Math.min(from + batchSize, order.length);
                return Arrays.copyOfRange(order, (int) from, to);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    @Override
    public String toString() {
        return "DataLoader of " + data.size() + " rows in " + batchCount() + " batches of " + batchSize
                + (shuffle ? ", shuffled with seed " + seed : "") + (dropLast ? ", dropping the last short batch" : "");
    }
}
