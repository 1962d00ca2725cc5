package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm1d over {@code [N, C]} and {@code [N, C, L]}, BatchNorm2d over {@code [N, C, H, W]}: gradients in
 * both passes, and values, running statistics and counts against loops written here.
 */
class BatchNormProperties {
    /** Batches of rank 2 to 4 with more than one value per channel, as training needs. */
    @Provide
    Arbitrary<Tensor> batches() {
        return TensorArbitraries.tensors(2, 4, 3, -2, 2).filter(t -> t.size() / t.shape().dim(1) > 1);
    }

    /** The layer for {@code x}'s rank, ε large enough that a constant channel keeps gradients moderate. */
    private static BatchNorm layerFor(Tensor x) {
        int c = x.shape().dim(1);
        BatchNorm norm = x.rank() == 4 ? BatchNorm2d.create(c, 0.1, 0.1) : BatchNorm1d.create(c, 0.1, 0.1);
        norm.weight().set(Tensor.arange(0, c, 1).mul(0.3).add(0.8));
        norm.bias().set(Tensor.arange(0, c, 1).mul(-0.2).add(0.1));
        norm.runningMean().set(Tensor.arange(0, c, 1).mul(0.25).add(-0.1));
        norm.runningVar().set(Tensor.arange(0, c, 1).mul(0.5).add(0.7));
        return norm;
    }

    @Property(tries = 40)
    void gradientsInTrainingAndEvaluation(@ForAll("batches") Tensor x) {
        BatchNorm norm = layerFor(x);
        Checks.input(norm, Context::training, x);
        Checks.parameters(norm, Context::training, x);
        Checks.input(norm, Context::evaluation, x);
        Checks.parameters(norm, Context::evaluation, x);
    }

    @Property(tries = 40)
    void trainingOutputHasZeroMeanAndUnitVariancePerChannelBeforeTheAffineMap(@ForAll("batches") Tensor x) {
        BatchNorm norm = layerFor(x);
        norm.weight().set(Tensor.ones(x.shape().dim(1)));
        norm.bias().set(Tensor.zeros(x.shape().dim(1)));
        Tensor y = norm.forward(Node.constant(x), Context.training()).value();
        double[] expected = naive(x, 0.1);
        assertTrue(Tensor.of(expected, x.shape()).allClose(y, 1e-12), () -> y + " vs naive");
    }

    /** {@code (x − μ_c) / √(σ²_c + ε)} with μ and σ² (biased) of each channel, by loops. */
    private static double[] naive(Tensor x, double eps) {
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        int inner = x.size() / (n * c);
        double[] v = x.toArray();
        double[] out = new double[v.length];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < inner; k++) {
                    sum += v[(b * c + ch) * inner + k];
                }
            }
            double mean = sum / (n * inner);
            double squares = 0;
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < inner; k++) {
                    double d = v[(b * c + ch) * inner + k] - mean;
                    squares += d * d;
                }
            }
            double scale = Math.sqrt(squares / (n * inner) + eps);
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < inner; k++) {
                    int i = (b * c + ch) * inner + k;
                    out[i] = (v[i] - mean) / scale;
                }
            }
        }
        return out;
    }

    @Test
    void runningStatisticsFollowPyTorchsMomentumWithTheUnbiasedVariance() {
        BatchNorm2d norm = BatchNorm2d.create(2, 0.3, 1e-5);
        // Channel 0 holds 1, 2, 3, 6 and channel 1 holds 0, 0, 4, 4 (N = 2, H = 1, W = 2).
        Tensor x = Tensor.of(new double[] {1, 2, 0, 0, 3, 6, 4, 4}, 2, 2, 1, 2);
        Program step = step(norm, x);
        step.run();
        // means 3 and 2; unbiased variances 14/3 and 16/3 (sums of squares 14 and 16 over m − 1 = 3)
        assertTrue(Tensor.vector(0.9, 0.6).allClose(norm.runningMean().value(), 1e-15));
        assertTrue(Tensor.vector(0.7 + 1.4, 0.7 + 1.6).allClose(norm.runningVar().value(), 1e-15));
        step.run();
        assertTrue(Tensor.vector(0.7 * 0.9 + 0.9, 0.7 * 0.6 + 0.6).allClose(norm.runningMean().value(), 1e-15));
        assertTrue(Tensor.vector(0.7 * 2.1 + 1.4, 0.7 * 2.3 + 1.6).allClose(norm.runningVar().value(), 1e-15));
        assertEquals(Tensor.scalar(2), norm.numBatchesTracked().value());
    }

    @Test
    void aCumulativeLayerAveragesEveryBatchEqually() {
        BatchNorm1d norm = BatchNorm1d.cumulative(1, 1e-5);
        double[][] batches = {{1, 3}, {2, 10}, {-4, 0}};
        for (double[] b : batches) {
            step(norm, Tensor.of(b, 2, 1)).run();
        }
        // batch means 2, 6, −2 and unbiased variances 2, 32, 8, each weighing 1/3
        assertTrue(Tensor.vector(2).allClose(norm.runningMean().value(), 1e-15), norm.runningMean()::toString);
        assertTrue(Tensor.vector(14).allClose(norm.runningVar().value(), 1e-14), norm.runningVar()::toString);
        assertEquals(Tensor.scalar(3), norm.numBatchesTracked().value());
    }

    @Test
    void anF32LayerKeepsItsStatisticsInF32AndItsCountInF64() {
        BatchNorm2d norm = BatchNorm2d.create(2, 0.3, 1e-5);
        norm.to(DType.F32);
        BatchNorm2d cumulative = BatchNorm2d.cumulative(2, 1e-5);
        cumulative.to(DType.F32);
        Tensor x = Tensor.of(new float[] {1, 2, 0, 0, 3, 6, 4, 4}, 2, 2, 1, 2);
        step(norm, x).run();
        step(cumulative, x).run();
        assertEquals(DType.F32, norm.runningMean().dtype());
        assertEquals(DType.F32, norm.runningVar().dtype());
        assertTrue(Tensor.vector(0.9, 0.6).allClose(norm.runningMean().value(), 1e-7), norm.runningMean()::toString);
        assertEquals(Tensor.of(new float[] {3, 2}, 2), cumulative.runningMean().value());
        assertEquals(Tensor.scalar(1), cumulative.numBatchesTracked().value());
    }

    @Test
    void evaluationNormalizesEachChannelOfAnImageByItsRunningStatistics() {
        BatchNorm2d norm = BatchNorm2d.create(2, 0.1, 1e-12);
        norm.runningMean().set(Tensor.vector(1, -1));
        norm.runningVar().set(Tensor.vector(4, 0.25));
        norm.weight().set(Tensor.vector(2, 1));
        norm.bias().set(Tensor.vector(0, 10));
        Context ctx = Context.evaluation();
        Tensor y = norm.forward(Node.constant(Tensor.of(new double[] {3, 5, 0, -2}, 1, 2, 2, 1)), ctx).value();
        assertTrue(Tensor.of(new double[] {2, 4, 12, 8}, 1, 2, 2, 1).allClose(y, 1e-9), y::toString);
        assertEquals(List.of(), ctx.updates());
        assertEquals(Shape.of(), norm.numBatchesTracked().shape());
    }

    /** A program that runs a training pass over {@code x} and applies its state updates. */
    private static Program step(BatchNorm norm, Tensor x) {
        Context ctx = Context.training();
        Node y = norm.forward(Node.constant(x), ctx);
        return Program.of(List.of(y), ctx.updates());
    }
}
