package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fisher's irises (bundled): four measurements, three species, a 4-16-3 perceptron trained with
 * cross-entropy on 60% of the 150 flowers, validated on 20% and tested on 20%. The features are
 * standardized with the mean and deviation of the training rows only, so nothing leaks from the test rows.
 */
@Command(name = "iris", description = "Fisher's iris flowers (bundled): 4-16-3 MLP")
final class IrisExample implements Example {
    @Mixin
    TrainingOptions training = new TrainingOptions(200, 8, 0.005, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--hidden", paramLabel = "N", order = 10, description = "hidden units")
    int hidden = 16;

    @Override
    public void run(PrintStream out) throws IOException {
        BundledData.Labeled iris = BundledData.iris();
        int features = iris.data().features().shape().dim(1);
        Heap.requireParameters("--hidden " + hidden,
                (long) hidden * (features + 1) + (hidden + 1L) * iris.classes().size());
        long seed = common.seed;
        Splits raw = Splits.of(iris.data(), 0.2, 0.2, seed);
        training.batchSize(raw.train().size(), "training examples");
        RunFolder folder = common.folder();
        Tensor mean = raw.train().features().mean(0);
        Tensor std = raw.train().features().variance(0).sqrt();
        Splits data = raw.mapFeatures(x -> x.sub(mean).div(std));
        SplittableRandom rng = new SplittableRandom(seed);
        Module model = Sequential.of(
                Linear.create(features, hidden, rng),
                Activation.relu(),
                Linear.create(hidden, iris.classes().size(), rng));
        out.println("iris: " + data.sizes() + ", classes " + iris.classes() + "; model " + model);
        Classifier.train("iris", model, data, training, common, folder, out);
    }
}
