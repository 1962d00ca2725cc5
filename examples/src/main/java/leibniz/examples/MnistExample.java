package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.nn.Module;
import leibniz.optim.Dataset;

/**
 * MNIST (or Fashion-MNIST) from its four IDX files in {@code --data DIR}, plain or gzipped: the models of
 * the digits example on 28x28 images. Training uses the first {@code --limit} training images (10% of
 * them held out for validation) and the test uses the first {@code --limit} test images.
 */
final class MnistExample implements Example {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST from IDX files in --data DIR: MLP or CNN";
    }

    @Override
    public List<Option> options() {
        return Common.options(5, 64, 0.001, "adam",
                Option.choice("model", List.of("mlp", "cnn"), "network: 784-128-10 perceptron or conv net"),
                Option.text("data", "", "folder with the four MNIST IDX files (required)"),
                Option.count("limit", 10000, "use at most N images of each file"));
    }

    @Override
    public void run(Options o, PrintStream out) throws IOException {
        if (!o.isSet("data")) {
            throw new UsageException("mnist needs --data DIR, the folder holding " + TRAIN_IMAGES + " and the other "
                    + "IDX files");
        }
        Path dir = o.path("data");
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--data " + dir + ": no such folder");
        }
        int limit = o.count("limit");
        Dataset train = load(dir, TRAIN_IMAGES, TRAIN_LABELS, limit);
        Dataset test = load(dir, TEST_IMAGES, TEST_LABELS, limit);
        RunFolder folder = RunFolder.create(Common.outFolder(name(), o));
        long seed = o.integer("seed");
        Dataset.Split parts = train.split(0.1, seed);
        Splits data = new Splits(parts.train(), parts.validation(), test);
        boolean cnn = o.text("model").equals("cnn");
        data = data.mapFeatures(cnn ? x -> x.unsqueeze(1) : x -> x.reshape(-1, 28 * 28));
        SplittableRandom rng = new SplittableRandom(seed);
        Module model = cnn ? Networks.cnn(28, 8, 16, 10, rng) : Networks.mlp(28 * 28, 128, 10, rng);
        out.println("mnist: " + data.sizes() + "; model " + model);
        Classifier.train(name(), model, data, o, folder, out);
    }

    /**
     * The first {@code limit} images {@code [n, 28, 28]} scaled to [0, 1] and their labels; a missing,
     * malformed or mismatched file is a {@link UsageException} naming it.
     */
    static Dataset load(Path dir, String imagesName, String labelsName, int limit) {
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxReader.Items images;
        IdxReader.Items labels;
        try {
            images = IdxReader.images(imagesFile, limit);
            labels = IdxReader.labels(labelsFile, limit);
        } catch (IOException e) {
            throw new UsageException("--data " + dir + ": " + e.getMessage());
        }
        if (images.total() != labels.total()) {
            throw new UsageException("--data " + dir + ": " + imagesFile.getFileName() + " has " + images.total()
                    + " images but " + labelsFile.getFileName() + " has " + labels.total() + " labels");
        }
        return checked(dir, imagesFile, labelsFile, images.values(), labels.values());
    }

    private static Dataset checked(Path dir, Path imagesFile, Path labelsFile, Tensor images, Tensor labels) {
        if (images.shape().dim(1) != 28 || images.shape().dim(2) != 28) {
            throw new UsageException("--data " + dir + ": " + imagesFile.getFileName() + " holds "
                    + images.shape().dim(1) + "x" + images.shape().dim(2) + " images, expected 28x28");
        }
        if (images.shape().dim(0) == 0) {
            throw new UsageException("--data " + dir + ": " + imagesFile.getFileName() + " holds no images");
        }
        double top = labels.max().item();
        if (top > 9) {
            throw new UsageException("--data " + dir + ": " + labelsFile.getFileName() + " has label "
                    + (int) top + ", expected 0..9");
        }
        return Dataset.of(images.mul(1 / 255.0), labels);
    }

    /** {@code name} or {@code name.gz} in {@code dir}. */
    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new UsageException("--data " + dir + ": no file " + name + " (or " + name + ".gz)");
    }
}
