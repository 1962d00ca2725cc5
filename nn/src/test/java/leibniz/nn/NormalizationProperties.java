package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** LayerNorm and BatchNorm1d: gradients through the layers, normalized values, running statistics, messages. */
class NormalizationProperties {
    /** Layer norms over 2 to 5 features; gain and bias moved off 1 and 0 by up to 0.5, a general point. */
    @Provide
    Arbitrary<Checks.Layer<LayerNorm>> layerNorms() {
        return Arbitraries.integers().between(2, 5).flatMap(features -> Checks.layers("LayerNorm(" + features + ")",
                () -> LayerNorm.create(features), 0.5, Checks.uniform(2, 3, features)));
    }

    @Property(tries = 25)
    void layerNormGradients(@ForAll("layerNorms") Checks.Layer<LayerNorm> c) {
        LayerNorm norm = c.module();
        Checks.input(norm, Context::training, c.x());
        Checks.parameters(norm, Context::training, c.x());
    }

    /** A batch norm, a batch of 2 to 5 rows, and running statistics: means in [-1, 1], variances in [0.5, 2.5]. */
    record BatchNormCase(Checks.Layer<BatchNorm1d> layer, Tensor mean, Tensor variance) {}

    @Provide
    Arbitrary<BatchNormCase> batchNorms() {
        return Combinators.combine(Arbitraries.integers().between(2, 5), Arbitraries.integers().between(1, 4))
                .flatAs((batch, features) -> Combinators.combine(
                        Checks.layers("BatchNorm1d(" + features + ")", () -> BatchNorm1d.create(features), 0.5,
                                Checks.uniform(Shape.of(batch, features))),
                        Checks.uniform(Shape.of(features)), Checks.uniform(Shape.of(features)))
                        .as((layer, mean, variance) -> new BatchNormCase(layer, mean, variance.add(1.5))));
    }

    @Property(tries = 25)
    void batchNormGradientsInBothModes(@ForAll("batchNorms") BatchNormCase c) {
        BatchNorm1d norm = c.layer().module();
        norm.runningMean().set(c.mean());
        norm.runningVar().set(c.variance());
        Tensor x = c.layer().x();
        Checks.input(norm, Context::training, x);
        Checks.parameters(norm, Context::training, x);
        Checks.input(norm, Context::evaluation, x);
        Checks.parameters(norm, Context::evaluation, x);
    }

    @Test
    void layerNormNormalizesEachRow() {
        Node x = Node.constant(Tensor.matrix(new double[][] {{1, 2, 3}, {0, 0, 6}}));
        Tensor y = LayerNorm.create(3, 1e-12).forward(x).value();
        double s = Math.sqrt(2.0 / 3);
        assertTrue(Tensor.matrix(new double[][] {{-1 / s, 0, 1 / s}, {-Math.sqrt(0.5), -Math.sqrt(0.5), Math.sqrt(2)}})
                .allClose(y, 1e-9), y::toString);
        assertEquals(List.of("weight", "bias"), List.copyOf(LayerNorm.create(3).parameters().keySet()));
    }

    @Test
    void batchNormTrainsOnBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm1d norm = BatchNorm1d.create(2, 0.1, 1e-12);
        Tensor x = Tensor.matrix(new double[][] {{1, 10}, {3, 10}, {5, 16}});
        Context ctx = Context.training();
        Node y = norm.forward(Node.constant(x), ctx);
        assertEquals(3, ctx.updates().size());
        Tensor out = Program.of(List.of(y), ctx.updates()).run().get(0);
        assertTrue(out.mean(0).allClose(Tensor.zeros(2), 1e-12), out::toString);
        assertTrue(out.variance(0).allClose(Tensor.ones(2), 1e-9), out::toString);
        // batch mean [3, 12], unbiased variance [4, 12]: running = 0.9·old + 0.1·batch
        assertTrue(Tensor.vector(0.3, 1.2).allClose(norm.runningMean().value(), 1e-15));
        assertTrue(Tensor.vector(0.9 + 0.4, 0.9 + 1.2).allClose(norm.runningVar().value(), 1e-15));
        assertEquals(Tensor.scalar(1), norm.numBatchesTracked().value());
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(norm.buffers().keySet()));
        assertEquals(norm.buffers(), norm.persistentBuffers());
        assertEquals(List.of("weight", "bias"), List.copyOf(norm.parameters().keySet()));
    }

    @Test
    void batchNormEvaluatesOnRunningStatistics() {
        BatchNorm1d norm = BatchNorm1d.create(2, 0.1, 1e-12);
        norm.runningMean().set(Tensor.vector(1, -1));
        norm.runningVar().set(Tensor.vector(4, 0.25));
        norm.weight().set(Tensor.vector(2, 1));
        norm.bias().set(Tensor.vector(0, 10));
        Context ctx = Context.evaluation();
        Tensor y = norm.forward(Node.constant(Tensor.matrix(new double[][] {{3, 0}})), ctx).value();
        assertTrue(Tensor.matrix(new double[][] {{2, 12}}).allClose(y, 1e-9), y::toString);
        assertEquals(List.of(), ctx.updates());
    }

    @Test
    void messages() {
        BatchNorm1d bn = BatchNorm1d.create(16);
        refused("BatchNorm1d(16): expected input [batch, 16] or [batch, 16, length], got [4, 8]",
                () -> bn.forward(Node.placeholder("x", 4, 8), Context.training()));
        refused("BatchNorm1d(16): expected input [batch, 16] or [batch, 16, length], got [4, 16, 3, 1]",
                () -> bn.forward(Node.placeholder("x", 4, 16, 3, 1)));
        refused("BatchNorm1d(16): expected input [batch, 16] or [batch, 16, length], got [16]",
                () -> bn.forward(Node.placeholder("x", 16)));
        refused("BatchNorm1d(16): training needs more than 1 value per channel, got [1, 16]",
                () -> bn.forward(Node.placeholder("x", 1, 16), Context.training()));
        refused("BatchNorm1d(16): training needs more than 1 value per channel, got [1, 16, 1]",
                () -> bn.forward(Node.placeholder("x", 1, 16, 1), Context.training()));
        refused("BatchNorm1d(16): momentum must be in [0, 1], got 1.5", () -> BatchNorm1d.create(16, 1.5, 1e-5));
        refused("BatchNorm1d(16): eps must be positive, got 0.0", () -> BatchNorm1d.create(16, 0.1, 0));
        refused("BatchNorm1d: features must be positive, got 0", () -> BatchNorm1d.create(0));
        refused("BatchNorm1d(16): eps must be positive, got NaN", () -> BatchNorm1d.cumulative(16, Double.NaN));
        BatchNorm2d bn2 = BatchNorm2d.create(3);
        refused("BatchNorm2d(3): expected input [batch, 3, height, width], got [2, 3, 4]",
                () -> bn2.forward(Node.placeholder("x", 2, 3, 4)));
        refused("BatchNorm2d(3): expected input [batch, 3, height, width], got [2, 4, 5, 5]",
                () -> bn2.forward(Node.placeholder("x", 2, 4, 5, 5)));
        refused("BatchNorm2d(3): training needs more than 1 value per channel, got [1, 3, 1, 1]",
                () -> bn2.forward(Node.placeholder("x", 1, 3, 1, 1), Context.training()));
        refused("BatchNorm2d(3): momentum must be in [0, 1], got NaN", () -> BatchNorm2d.create(3, Double.NaN, 1e-5));
        refused("BatchNorm2d: features must be positive, got -1", () -> BatchNorm2d.cumulative(-1, 1e-5));
        LayerNorm ln = LayerNorm.create(64);
        refused("LayerNorm(64): input has 32 features", () -> ln.forward(Node.placeholder("x", 8, 32)));
        refused("LayerNorm(64): input is a scalar, expected [..., 64]", () -> ln.forward(Node.scalar(1)));
        refused("LayerNorm(64): eps must be positive, got -1.0", () -> LayerNorm.create(64, -1));
    }

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
