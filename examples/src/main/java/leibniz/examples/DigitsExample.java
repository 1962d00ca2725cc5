package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import leibniz.core.DType;
import leibniz.nn.Module;

/**
 * Handwritten digits, 8x8 pixels (the UCI optical digits, bundled): a 64-128-10 perceptron, or with
 * {@code --model cnn} a small convolutional network on the {@code [N, 1, 8, 8]} images, trained with
 * cross-entropy on 70% of the 1,797 images, validated on 15% and tested on the other 15%; with
 * {@code --dtype f32} in single precision.
 */
final class DigitsExample implements Example {
    @Override
    public String name() {
        return "digits";
    }

    @Override
    public String description() {
        return "8x8 handwritten digits (bundled): MLP or CNN";
    }

    @Override
    public List<Option> options() {
        return Common.options(30, 32, 0.005, "adam",
                Option.choice("model", List.of("mlp", "cnn"), "network: 64-128-10 perceptron or conv net"),
                Option.choice("dtype", List.of("f64", "f32"), "element type of the weights and the arithmetic"));
    }

    @Override
    public void run(Options o, PrintStream out) throws IOException {
        RunFolder folder = RunFolder.create(Common.outFolder(name(), o));
        long seed = o.integer("seed");
        Splits data = Splits.of(BundledData.digits().data(), 0.15, 0.15, seed);
        boolean cnn = o.text("model").equals("cnn");
        if (cnn) {
            data = data.mapFeatures(x -> x.reshape(-1, 1, 8, 8));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Module model = cnn ? Networks.cnn(8, 16, 32, 10, rng) : Networks.mlp(64, 128, 10, rng);
        model.to(o.text("dtype").equals("f32") ? DType.F32 : DType.F64);
        out.println("digits: " + data.sizes() + "; model " + model);
        Classifier.train(name(), model, data, o, folder, out);
    }
}
