package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.ModelFile;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cart-pole physics against values worked out by hand, and the REINFORCE agent solving it. */
class CartPoleExampleTest {
    @TempDir
    Path dir;

    @Test
    void oneStepFromRestMatchesTheEquationsByHand() {
        // Pushing right from rest: the cart accelerates at 400/41 and the pole at −600/41 (by hand from
        // Barto et al.'s equations with Gym's constants), so after 0.02 s ẋ = 8/41 and θ̇ = −12/41;
        // x and θ still hold, since Euler moves them with the old velocities.
        CartPole c = CartPole.at(0, 0, 0, 0);
        c.step(1);
        assertArrayEquals(new double[] {0, 8.0 / 41, 0, -12.0 / 41}, c.state(), 1e-15);
        c.step(0);
        assertEquals(0.02 * 8 / 41, c.state()[0], 1e-15);
        assertEquals(-0.02 * 12 / 41, c.state()[2], 1e-15);
    }

    @Test
    void episodesEndAtTheLimitsOfTheTrackAndTheAngle() {
        double twelveDegrees = Math.toRadians(12);
        assertTrue(CartPole.at(0, 0, twelveDegrees + 1e-9, 0).done());
        assertTrue(!CartPole.at(0, 0, twelveDegrees - 1e-9, 0).done());
        assertTrue(CartPole.at(-2.4 - 1e-9, 0, 0, 0).done());
        assertTrue(!CartPole.at(2.4, 0, 0, 0).done());
    }

    @Test
    void aControllerPushingTowardsTheLeanBalancesFor500StepsWhilePushingOneWayFails() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int e = 0; e < 10; e++) {
            CartPole c = CartPole.reset(rng);
            while (!c.done()) {
                double[] s = c.state();
                c.step(3 * s[2] + s[3] > 0 ? 1 : 0);
            }
            assertEquals(500, c.steps());
            assertTrue(!c.failed());
            CartPole pushed = CartPole.reset(rng);
            while (!pushed.done()) {
                pushed.step(1);
            }
            assertTrue(pushed.failed() && pushed.steps() < 30, "pushed right for " + pushed.steps() + " steps");
        }
    }

    @Test
    void normalizedReturnsHaveMeanZeroAndDeviationOne() {
        double[] x = {1, 2, 3, 10};
        CartPoleExample.normalize(x);
        double mean = (x[0] + x[1] + x[2] + x[3]) / 4;
        double var = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]) / 4 - mean * mean;
        assertEquals(0, mean, 1e-15);
        assertEquals(1, var, 1e-14);
        assertTrue(x[3] > x[2] && x[2] > x[1]);
    }

    @Test
    void theDefaultRunSolvesTheTaskAndItsGreedyPolicyBalances() throws IOException {
        Path out = dir.resolve("cartpole");
        Cli r = Cli.run("cartpole", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cartpole: solved after "), r.out());
        Map<String, Object> m = RunOutputs.metrics(out);
        assertEquals(Boolean.TRUE, m.get("solved"));
        double last = RunOutputs.number(m, "last_100_average");
        assertTrue(last >= 195, "average of the last 100 episodes " + last);
        List<Object> lengths = RunOutputs.list(m.get("episode_lengths"));
        assertEquals(RunOutputs.number(m, "solved_at_episode"), lengths.size());
        assertTrue(lengths.size() <= 2000);
        double greedy = RunOutputs.number(m, "greedy_100_average");
        assertTrue(greedy >= 195, "greedy average " + greedy);
        // Batches are padded to a power of two of steps: a few programs serve every update.
        assertTrue(RunOutputs.number(m, "update_programs") <= 4, m.get("update_programs").toString());
        RunOutputs.assertPng(out.resolve("episodes.png"), Plots.WIDTH, Plots.HEIGHT);
        ModelFile.load(Sequential.of(Linear.create(4, 32, new SplittableRandom(0)), Activation.tanh(),
                Linear.create(32, 2, new SplittableRandom(0))), out.resolve("policy.safetensors"));
    }

    @Test
    void aDiscountAboveOneIsRefused() {
        Cli r = Cli.run("cartpole", "--gamma", "1.5", "--out", dir.resolve("no").toString());
        assertEquals(2, r.status());
        assertEquals("leibniz-examples: --gamma: must be at most 1, got 1.5", r.message());
    }
}
