package leibniz.examples;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import leibniz.optim.Adadelta;
import leibniz.optim.Adagrad;
import leibniz.optim.Adam;
import leibniz.optim.AdamW;
import leibniz.optim.LearningRateSchedule;
import leibniz.optim.Optimizer;
import leibniz.optim.RmsProp;
import leibniz.optim.Schedules;
import leibniz.optim.Sgd;

/**
 * The options every example takes ({@code --epochs --batch-size --lr --optimizer --schedule --seed --out}), with
 * per-example defaults, and what they turn into: the optimizer and the output folder.
 */
final class Common {
    /** The optimizers {@code --optimizer} can name. */
    static final List<String> OPTIMIZERS =
            List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "adadelta");

    /** The names of the common options, which come first in every example's list. */
    static final List<String> NAMES = List.of("epochs", "batch-size", "lr", "optimizer", "schedule", "seed", "out");

    private Common() {
    }

    /** The common options with this example's defaults, followed by {@code own}. */
    static List<Option> options(int epochs, int batchSize, double lr, String optimizer, Option... own) {
        List<Option> all = new ArrayList<>(List.of(
                Option.count("epochs", epochs, "passes over the training data"),
                Option.count("batch-size", batchSize, "examples per optimizer step"),
                Option.number("lr", lr, "learning rate"),
                Option.choice("optimizer", OPTIMIZERS, String.join(", ", OPTIMIZERS)).withDefault(optimizer),
                Option.choice("schedule", List.of("cosine", "constant"),
                        "learning rate: cosine decay from --lr to 0 over the epochs, or constant"),
                Option.integer("seed", 42, "seed of the initial weights, splits and shuffling"),
                Option.text("out", "", "output folder (default runs/<example>-<timestamp>)")));
        all.addAll(List.of(own));
        return List.copyOf(all);
    }

    /** The optimizer named by {@code --optimizer} with the learning rate {@code --lr}. */
    static Optimizer optimizer(Options o) {
        String name = o.text("optimizer");
        double lr = o.number("lr");
        return switch (name) {
            case "sgd" -> Sgd.create(lr);
            case "momentum" -> Sgd.builder().learningRate(lr).momentum(0.9).build();
            case "nesterov" -> Sgd.builder().learningRate(lr).momentum(0.9).nesterov(true).build();
            case "adam" -> Adam.create(lr);
            case "adamw" -> AdamW.create(lr);
            case "rmsprop" -> RmsProp.create(lr);
            case "adagrad" -> Adagrad.create(lr);
            case "adadelta" -> Adadelta.create(lr);
            default -> throw new UsageException("--optimizer: unknown optimizer '" + name + "'");
        };
    }

    /** The learning-rate schedule named by {@code --schedule} over {@code --epochs}. */
    static LearningRateSchedule schedule(Options o) {
        // Schedules count epochs from 0: the last epoch, epochs - 1, still trains at a small positive rate.
        return o.text("schedule").equals("cosine") ? Schedules.cosine(o.count("epochs"), 0)
                : Schedules.constant();
    }

    /** {@code --out}, or {@code runs/<example>-<yyyyMMdd-HHmmss>} in the working directory. */
    static Path outFolder(String example, Options o) {
        if (o.isSet("out")) {
            return o.path("out");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", example + "-" + stamp);
    }
}
