package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Dropout;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Sequential;
import leibniz.optim.Adam;
import leibniz.optim.CheckpointCallback;
import leibniz.optim.Clipping;
import leibniz.optim.Dataset;
import leibniz.optim.EarlyStopping;
import leibniz.optim.Evaluation;
import leibniz.optim.History;
import leibniz.optim.Metrics;
import leibniz.optim.MetricsLog;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Schedules;
import leibniz.optim.Trainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README, "Training": the Trainer on three Gaussian blobs. */
class TrainerTest {
    @TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void useTheTemporaryFolder() {
        Path.folder = dir;
    }

    /** {@code n} points of 4 features around one of three centres, and their labels 0, 1, 2. */
    static Dataset blobs(int n, long seed) {
        Tensor labels = Tensor.uniform(seed, 0, 3, n).map(Math::floor);
        Tensor centres = Tensor.matrix(new double[][] {{3, 0, 0, 1}, {0, 3, 0, -1}, {0, 0, 3, 0}});
        Tensor features = Tensor.oneHot(labels, 3).matmul(centres).add(Tensor.normal(seed + 1, 0, 0.5, n, 4));
        return Dataset.of(features, labels);
    }

    @Test
    void theTrainerLearnsLogsChecksAndStops() throws IOException {
        Tensor features = blobs(5000, 1).features(), labels = blobs(5000, 1).targets();
        Dataset testSet = blobs(500, 7);
        var rng = new SplittableRandom(3);
        // Two Linear layers, as in the README's "Neural networks", with dropout to give the model a buffer.
        Sequential model = Sequential.of(Linear.create(4, 16, rng), Activation.relu(), Dropout.create(0.1, 5),
                Linear.create(16, 3, rng));

        Dataset.Split data = Dataset.of(features, labels).split(0.2, 42);     // shuffled 80/20 split
        Objective objective = (xb, yb, training) -> {                          // any nn Module, in two lines
            Context c = training ? Context.training() : Context.evaluation();
            Node logits = model.forward(xb, c);
            return new Pass(Losses.crossEntropy(logits, yb), logits, c.updates());
        };
        Trainer trainer = Trainer.builder()
                .parameters(model.parameters()).buffers(model.buffers()).objective(objective).optimizer(Adam.create(1e-3))
                .epochs(20).batchSize(64).seed(42).metrics(Metrics.accuracy()).validation(data.validation())
                .learningRateSchedule(Schedules.cosine(20, 1e-5)).clipping(g -> Clipping.byGlobalNorm(g, 1.0))
                .callbacks(EarlyStopping.of("val_loss", 3, 0, Schedules.Mode.MIN, true),
                           CheckpointCallback.of(Path.of("run.safetensors"), 1))
                .log(MetricsLog.csv(Path.of("run.csv")))
                .build();
        History history = trainer.fit(data.train());   // after a crash: the same builder, then .resume(path).fit(...)
        Evaluation test = trainer.evaluate(testSet);
        history.plot(Path.of("curves.png"));           // loss and accuracy per epoch, training and validation

        BufferedImage curves = ImageIO.read(dir.resolve("curves.png").toFile());
        assertEquals(2 * 640, curves.getWidth());
        assertEquals(480, curves.getHeight());
        assertEquals(4000, data.train().size());
        assertEquals(1000, data.validation().size());
        int epochs = history.epochs().size();
        assertTrue(epochs >= 1 && epochs <= 20);
        assertTrue(test.metric("accuracy") >= 0.9, "test accuracy " + test.metric("accuracy"));
        double[] rates = history.series("lr");
        assertTrue(rates[rates.length - 1] < rates[0], "the cosine schedule lowers the rate");
        List<String> csv = Files.readAllLines(dir.resolve("run.csv"));
        assertEquals(epochs + 1, csv.size(), "a header and one row per epoch");
        assertTrue(csv.get(0).contains("val_loss") && csv.get(0).contains("val_accuracy"), csv.get(0));

        Trainer resumed = Trainer.builder()
                .parameters(model.parameters()).buffers(model.buffers()).objective(objective).optimizer(Adam.create(1e-3))
                .epochs(20).batchSize(64).seed(42).metrics(Metrics.accuracy()).validation(data.validation())
                .learningRateSchedule(Schedules.cosine(20, 1e-5)).clipping(g -> Clipping.byGlobalNorm(g, 1.0))
                .quiet().build()
                .resume(dir.resolve("run.safetensors"));
        assertEquals(epochs, resumed.epoch(), "the checkpoint of the last epoch");
    }

    /**
     * Stands in for {@link java.nio.file.Path} in the snippet, whose {@code Path.of("run.csv")} then names
     * a file in the test's temporary folder instead of the working directory.
     */
    static final class Path {
        static java.nio.file.Path folder;

        static java.nio.file.Path of(String name) {
            return folder.resolve(name);
        }
    }
}
