package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.Module;
import leibniz.nn.Sequential;

/**
 * Fisher's irises (bundled): four measurements, three species, a 4-16-3 perceptron trained with
 * cross-entropy on 60% of the 150 flowers, validated on 20% and tested on 20%. The features are
 * standardized with the mean and deviation of the training rows only, so nothing leaks from the test rows.
 */
final class IrisExample implements Example {
    @Override
    public String name() {
        return "iris";
    }

    @Override
    public String description() {
        return "Fisher's iris flowers (bundled): 4-16-3 MLP";
    }

    @Override
    public List<Option> options() {
        return Common.options(200, 8, 0.005, "adam",
                Option.count("hidden", 16, "hidden units"));
    }

    @Override
    public void run(Options o, PrintStream out) throws IOException {
        RunFolder folder = RunFolder.create(Common.outFolder(name(), o));
        long seed = o.integer("seed");
        BundledData.Labeled iris = BundledData.iris();
        Splits raw = Splits.of(iris.data(), 0.2, 0.2, seed);
        Tensor mean = raw.train().features().mean(0);
        Tensor std = raw.train().features().variance(0).sqrt();
        Splits data = raw.mapFeatures(x -> x.sub(mean).div(std));
        SplittableRandom rng = new SplittableRandom(seed);
        int hidden = o.count("hidden");
        Module model = Sequential.of(
                Linear.create(4, hidden, rng),
                Activation.relu(),
                Linear.create(hidden, iris.classes().size(), rng));
        out.println("iris: " + data.sizes() + ", classes " + iris.classes() + "; model " + model);
        Classifier.train(name(), model, data, o, folder, out);
    }
}
