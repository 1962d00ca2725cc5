package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.nn.Context;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.optim.Dataset;
import leibniz.optim.Evaluation;
import leibniz.optim.History;
import leibniz.optim.Metrics;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Trainer;

/**
 * Trains a classifier with softmax cross-entropy and reports it: the loop every classification example
 * shares (digits, iris, MNIST). It trains on the training rows, watches the validation rows each epoch,
 * measures the test rows once at the end, and writes {@code metrics.json}, {@code curves.png} and
 * {@code model.safetensors}.
 */
final class Classifier {
    private Classifier() {
    }

    /** The final loss and accuracy on each split. */
    record Outcome(History history, Evaluation train, Evaluation validation, Evaluation test) {
    }

    /** The cross-entropy of the model's logits against the integer labels; the logits are the prediction. */
    static Objective crossEntropy(Module model) {
        return (x, y, training) -> {
            Context ctx = training ? Context.training() : Context.evaluation();
            Node logits = model.forward(x, ctx);
            return new Pass(Losses.crossEntropy(logits, y), logits, ctx.updates());
        };
    }

    /** How a classifier trains: a {@link Trainer} on this machine, or data-parallel on Spark ({@code SparkDigits}). */
    interface Fit {
        /** Builds the trainer from {@code settings}, trains it on {@code train} and returns it with its history. */
        Trained fit(Trainer.Builder settings, Dataset train);
    }

    /** A trained trainer (whose model the final evaluations use) and the epochs it ran. */
    record Trained(Trainer trainer, History history) {
    }

    /** Training on this machine. */
    static final Fit LOCAL = (settings, train) -> {
        Trainer t = settings.build();
        return new Trained(t, t.fit(train));
    };

    /** Trains {@code model} on {@code data} with the training options on this machine, then writes the outputs. */
    static Outcome train(String example, Module model, Splits data, TrainingOptions t, RunOptions o, RunFolder folder,
            PrintStream out) throws IOException {
        return train(example, model, data, t, o, folder, out, LOCAL);
    }

    /** Trains {@code model} on {@code data} with the training options as {@code fit} runs it; writes the outputs. */
    static Outcome train(String example, Module model, Splits data, TrainingOptions t, RunOptions o, RunFolder folder,
            PrintStream out, Fit fit) throws IOException {
        long start = System.nanoTime();
        int epochs = t.epochs;
        Trainer.Builder builder = Trainer.builder()
                .parameters(model.parameters()).buffers(model.buffers())
                .objective(crossEntropy(model))
                .optimizer(t.optimizer())
                .learningRateSchedule(t.schedule())
                .epochs(epochs)
                .batchSize(t.batchSize(data.train().size(), "training examples"))
                .metrics(Metrics.accuracy())
                .validation(data.validation())
                .seed(o.seed);
        // A line per epoch, with a progress bar on a terminal; past 50 epochs about ten lines in all.
        Trained trained = fit.fit(epochs <= 50 ? builder.output(out)
                : builder.quiet().callbacks(EpochPrinter.tenLines("", epochs, out)), data.train());
        Trainer trainer = trained.trainer();
        History history = trained.history();
        Outcome r = new Outcome(history, trainer.evaluate(data.train()), trainer.evaluate(data.validation()),
                trainer.evaluate(data.test()));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Evaluation> finals = new LinkedHashMap<>();
        finals.put("train", r.train());
        finals.put("validation", r.validation());
        finals.put("test", r.test());
        folder.writeJson("metrics.json", Report.metrics(example, o.values(), history, finals, seconds));
        history.plot(folder.file("curves.png"), example);
        folder.saveModel("model.safetensors", model, Map.of("example", example, "model", model.toString()));
        out.printf(Locale.ROOT, "%s: test accuracy %.4f (loss %.4f), validation %.4f, train %.4f in %.1f s%n",
                example, r.test().metric("accuracy"), r.test().loss(), r.validation().metric("accuracy"),
                r.train().metric("accuracy"), seconds);
        out.println("wrote metrics.json, curves.png and model.safetensors to " + folder.dir());
        return r;
    }
}
