package leibniz.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The benchmarks of forward mode, per-sample gradients, the Jacobians and the HVP compute one number every way. */
class TransformWorkloadsTest {
    @Test
    void theJvpAndTheDoubleVjpRouteAgree() {
        JvpW1 b = new JvpW1();
        b.prepare();
        List<Tensor> jvp = b.jvp();
        assertEquals(b.forward().get(0), jvp.get(0));
        Tensor twice = b.doubleVjp().get(1);
        assertTrue(jvp.get(1).allClose(twice, 1e-10, 1e-12), jvp.get(1) + " vs " + twice);
    }

    @Test
    void perSampleGradientsAreTheJacobianAndTheSixtyFourVjpsAndAverageToTheBatchGradient() {
        PerSampleW1 b = new PerSampleW1();
        b.dtype = DType.F64;
        b.prepare();
        List<Tensor> perSample = b.perSample();
        List<Tensor> jacobian = b.jacobian();
        List<Tensor> vjps = b.sixtyFourVjps();
        List<Tensor> batch = b.batchGradient();
        for (int p = 0; p < perSample.size(); p++) {
            Tensor g = perSample.get(p);
            assertEquals(batch.get(p).shape().inserting(0, Workloads.BATCH), g.shape());
            assertTrue(g.allClose(jacobian.get(p), 1e-9, 1e-12), "jacobian, parameter " + p);
            assertTrue(g.allClose(vjps.get(p), 1e-9, 1e-12), "64 VJPs, parameter " + p);
            assertTrue(g.mean(new int[] {0}, false).allClose(batch.get(p), 1e-9, 1e-12), "mean, parameter " + p);
        }
    }

    @Test
    void perSampleGradientsOfAnLstmAreThoseOfEachSequenceAlone() {
        LstmTransforms b = new LstmTransforms();
        b.prepare();
        List<Tensor> perSample = b.perSample();
        List<Tensor> alone = b.singleExamples();
        List<Tensor> batch = b.batchGradient();
        for (int p = 0; p < perSample.size(); p++) {
            Tensor g = perSample.get(p);
            assertEquals(batch.get(p).shape().inserting(0, LstmTransforms.BATCH), g.shape());
            assertTrue(g.allClose(alone.get(p), 1e-10, 1e-12), "single examples, parameter " + p);
            assertTrue(g.mean(new int[] {0}, false).allClose(batch.get(p), 1e-10, 1e-12), "mean, parameter " + p);
        }
        assertEquals(b.forward().get(0), b.jvp().get(0));
    }

    @Test
    void jacfwdAndJacobianAgreeOnTallAndWideMaps() {
        for (String shape : List.of("tall", "wide")) {
            JacobianShapes b = new JacobianShapes();
            b.shape = shape;
            b.prepare();
            Tensor forward = b.jacfwd();
            assertEquals(shape.equals("tall") ? List.of(1000, 4) : List.of(4, 1000),
                    List.of(forward.shape().dim(0), forward.shape().dim(1)));
            assertTrue(forward.allClose(b.jacobian(), 1e-12, 1e-14), shape);
        }
    }

    @Test
    void theHvpModesAgree() {
        HvpModes b = new HvpModes();
        b.prepare();
        Tensor f = b.forwardOverReverse().get(0);
        Tensor r = b.reverseOverReverse().get(0);
        assertTrue(f.allClose(r, 1e-9, 1e-12), f + " vs " + r);
    }
}
