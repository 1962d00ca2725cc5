package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.SplittableRandom;
import leibniz.core.DType;
import leibniz.nn.Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Handwritten digits, 8x8 pixels (the UCI optical digits, bundled): a 64-128-10 perceptron, or with
 * {@code --model cnn} a small convolutional network on the {@code [N, 1, 8, 8]} images, trained with
 * cross-entropy on 70% of the 1,797 images, validated on 15% and tested on the other 15%; with
 * {@code --dtype f32} in single precision.
 */
@Command(name = "digits", description = "8x8 handwritten digits (bundled): MLP or CNN (the default example)")
final class DigitsExample implements Example {
    /** The two networks of the digit examples; lower case as typed on the command line. */
    enum Model { mlp, cnn }

    @Mixin
    TrainingOptions training = new TrainingOptions(30, 32, 0.005, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--model", paramLabel = "NAME", order = 10,
            description = "network: mlp (64-128-10 perceptron) or cnn (conv net)")
    Model model = Model.mlp;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 11,
            description = "element type of the weights and the arithmetic: ${COMPLETION-CANDIDATES}")
    DType dtype = DType.F64;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "", order = 12,
            description = "train data-parallel on Apache Spark: local[2], spark://host:7077, or (no value) the master "
                    + "spark-submit gives; needs Spark on the class path (see the README)")
    String spark;

    @Option(names = "--partitions", paramLabel = "N", order = 13,
            description = "with --spark: partitions of the training rows; 0 for the session's parallelism")
    int partitions;

    @Override
    public void run(PrintStream out) throws IOException {
        long seed = common.seed;
        Splits data = Splits.of(BundledData.digits().data(), 0.15, 0.15, seed);
        training.batchSize(data.train().size(), "training examples");
        RunFolder folder = common.folder();
        boolean cnn = model == Model.cnn;
        if (cnn) {
            data = data.mapFeatures(x -> x.reshape(-1, 1, 8, 8));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Module network = cnn ? Networks.cnn(8, 16, 32, 10, rng) : Networks.mlp(64, 128, 10, rng);
        network.to(dtype);
        out.println("digits: " + data.sizes() + "; model " + network);
        if (partitions < 0) {
            throw new UsageException("--partitions must be positive, got " + partitions);
        }
        Classifier.train("digits", network, data, training, common, folder, out,
                spark == null ? Classifier.LOCAL : sparkFit(cnn, seed, out));
    }

    /** Training on Spark; {@link SparkDigits} is loaded here only, so no other run needs Spark's classes. */
    private Classifier.Fit sparkFit(boolean cnn, long seed, PrintStream out) {
        try {
            return SparkDigits.fit(spark, partitions, cnn, dtype, seed, out);
        } catch (NoClassDefFoundError e) {
            throw new UsageException("--spark needs Apache Spark on the class path: submit leibniz-examples.jar with "
                    + "spark-submit, or run it through the spark profile (see the README)");
        }
    }
}
