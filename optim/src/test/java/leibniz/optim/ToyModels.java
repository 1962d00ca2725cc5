package leibniz.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/** Small models built from autograd nodes and data sets made for the trainer's tests. */
final class ToyModels {
    private ToyModels() {
    }

    /** Linear regression {@code x·w + b} with the mean squared error. */
    static Objective linear(Parameter w, Parameter b) {
        return (x, y, training) -> {
            Node pred = x.matmul(w.node()).add(b.node());
            return Pass.of(pred.sub(y).square().mean(), pred);
        };
    }

    /**
     * Logistic regression: {@code z = x·w + b}, the binary cross-entropy of {@code σ(z)} written stably as
     * {@code log(1 + e^−|z|) + max(z, 0) − y z}, and {@code σ(z)} as the prediction.
     */
    static Objective logistic(Parameter w, Parameter b) {
        return (x, y, training) -> {
            Node z = x.matmul(w.node()).add(b.node());
            Node loss = z.abs().neg().exp().log1p().add(z.relu()).sub(y.mul(z)).mean();
            return Pass.of(loss, z.sigmoid());
        };
    }

    /** One scalar w predicting every target: loss {@code mean((w − y)²)}, gradient {@code 2(w − mean y)}. */
    static Objective pull(Parameter w) {
        return (x, y, training) -> {
            Node pred = w.node().broadcastTo(y.shape());
            return Pass.of(pred.sub(y).square().mean(), pred);
        };
    }

    static Map<String, Parameter> params(Parameter... ps) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : ps) {
            m.put(p.name(), p);
        }
        return m;
    }

    /** {@code n} rows of 3 standard normal features and the exact target {@code 2x₀ − x₁ + 0.5x₂ + 0.3}. */
    static Dataset regression(int n, long seed) {
        Tensor x = Tensor.normal(seed, 0, 1, n, 3);
        Tensor y = x.matmul(Tensor.of(new double[] {2, -1, 0.5}, 3, 1)).add(0.3);
        return Dataset.of(x, y);
    }

    /** {@code n} rows of 2 standard normal features labelled 1 when {@code x₀ + 2x₁ > 0}, as {@code [n, 1]}. */
    static Dataset blobs(int n, long seed) {
        Tensor x = Tensor.normal(seed, 0, 1, n, 2);
        Tensor y = x.matmul(Tensor.of(new double[] {1, 2}, 2, 1)).gt(Tensor.scalar(0));
        return Dataset.of(x, y);
    }

    /**
     * A fresh logistic regression trained by Adam (rate 0.05) on batches of 7 with seed 11 and a validation
     * set, quietly: the run that resume tests interrupt and continue, each adding its own schedules.
     */
    static class LogisticRun {
        final Parameter w = Parameter.of("w", Tensor.normal(5, 0, 0.1, 2, 1));
        final Parameter b = Parameter.of("b", Tensor.zeros(1));
        final Adam adam = Adam.create(0.05);

        Trainer.Builder trainer(int epochs) {
            return Trainer.builder().parameters(params(w, b)).objective(logistic(w, b)).optimizer(adam)
                    .epochs(epochs).batchSize(7).seed(11).validation(blobs(20, 4)).quiet();
        }

        /** Every tensor the run changes: parameters, then the optimizer's state. */
        Map<String, Tensor> state() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("w", w.value());
            m.put("b", b.value());
            adam.state().forEach((k, p) -> m.put(k, p.value()));
            return m;
        }
    }

    /** {@code n} rows whose features are unused and whose targets all equal {@code target}. */
    static Dataset constant(int n, double target) {
        return Dataset.of(Tensor.zeros(n, 1), Tensor.full(Shape.of(n, 1), target));
    }
}
