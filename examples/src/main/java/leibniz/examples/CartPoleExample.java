package leibniz.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Activations;
import leibniz.nn.Linear;
import leibniz.nn.Sequential;
import leibniz.optim.Optimizer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A game agent: a 4-32-2 policy network learns to balance the {@link CartPole} by REINFORCE (Williams, 1992).
 * It plays a batch of episodes, sampling each push from the softmax of its two logits, then follows the
 * policy gradient {@code ∇ E[G] = E[Σₜ Âₜ ∇ log π(aₜ | sₜ)]}, where Âₜ is the discounted return from step t
 * on, {@code Gₜ = Σₖ γᵏ rₜ₊ₖ}, normalized over the batch to mean 0 and deviation 1 (the mean is the
 * baseline). The task counts as solved when the last 100 episodes last 195 steps on average; the policy is
 * then played greedily for 100 more episodes. The episode lengths are drawn to {@code episodes.png}.
 */
@Command(name = "cartpole", description = "cart-pole balancing by REINFORCE: 4-32-2 policy network, episode plot")
final class CartPoleExample implements Example {
    private static final int WINDOW = 100;

    @Option(names = "--episodes", paramLabel = "N", order = 1, description = "the most training episodes")
    int episodes = 2000;

    @Option(names = "--batch-size", paramLabel = "N", order = 2, description = "episodes per policy-gradient step")
    int batchSize = 4;

    @Option(names = "--lr", paramLabel = "X", order = 3, description = "learning rate")
    double lr = 0.01;

    @Option(names = "--optimizer", paramLabel = "NAME", order = 4, description = "${COMPLETION-CANDIDATES}")
    TrainingOptions.OptimizerName optimizer = TrainingOptions.OptimizerName.adam;

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--hidden", paramLabel = "N", order = 10, description = "hidden tanh units of the policy")
    int hidden = 32;

    @Option(names = "--gamma", paramLabel = "X", order = 11, description = "discount factor, in (0, 1]")
    double gamma = 0.99;

    @Option(names = "--target", paramLabel = "X", order = 12,
            description = "stop when the last 100 episodes average this many steps")
    double target = 195;

    /** One played episode: the states seen and the actions taken in them. */
    record Episode(double[][] states, int[] actions) {
        int length() {
            return actions.length;
        }
    }

    @Override
    public void run(PrintStream out) throws IOException {
        if (gamma > 1) {
            throw new UsageException("--gamma: must be at most 1, got " + gamma);
        }
        Heap.requireParameters("--hidden " + hidden, 7L * hidden + 2);
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(common.seed);
        Sequential policy = Sequential.of(Linear.create(4, hidden, rng), Activation.tanh(),
                Linear.create(hidden, 2, rng));
        out.println("cartpole: REINFORCE with policy " + policy);
        Agent agent = new Agent(policy, TrainingOptions.optimizer(optimizer, lr));

        int maxEpisodes = episodes;
        int batch = batchSize;
        List<Integer> lengths = new ArrayList<>();
        int solvedAt = -1;
        while (lengths.size() < maxEpisodes && solvedAt < 0) {
            List<Episode> episodes = new ArrayList<>();
            for (int i = 0; i < batch && lengths.size() < maxEpisodes; i++) {
                Episode e = agent.play(CartPole.reset(rng), rng);
                episodes.add(e);
                lengths.add(e.length());
            }
            agent.learn(episodes, gamma);
            if (lengths.size() >= WINDOW && average(lengths, WINDOW) >= target) {
                solvedAt = lengths.size();
            }
            if (lengths.size() % 100 < episodes.size() || solvedAt > 0) {
                out.printf(Locale.ROOT, "episode %4d: average length of the last 100 %.1f%n", lengths.size(),
                        average(lengths, WINDOW));
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        List<Integer> greedy = new ArrayList<>();
        SplittableRandom evaluation = new SplittableRandom(common.seed + 1);
        for (int i = 0; i < WINDOW; i++) {
            greedy.add(agent.play(CartPole.reset(evaluation), null).length());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double last = average(lengths, WINDOW);
        double greedyMean = average(greedy, WINDOW);
        out.printf(Locale.ROOT, "cartpole: %s after %d episodes (average of the last 100: %.1f) in %.1f s%n",
                solvedAt > 0 ? "solved" : "not solved", lengths.size(), last, trainSeconds);
        out.printf(Locale.ROOT, "cartpole: greedy policy over 100 new episodes: average length %.1f (min %d)%n",
                greedyMean, greedy.stream().mapToInt(Integer::intValue).min().orElse(0));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "cartpole");
        m.put("options", common.values());
        m.put("solved", solvedAt > 0);
        m.put("solved_at_episode", solvedAt);
        m.put("last_100_average", last);
        m.put("greedy_100_average", greedyMean);
        m.put("policy_updates", agent.updates);
        m.put("update_programs", agent.programs.size());
        m.put("episode_lengths", toDoubles(lengths));
        m.put("greedy_lengths", toDoubles(greedy));
        m.put("train_seconds", trainSeconds);
        m.put("seconds", seconds);
        folder.writeJson("metrics.json", m);
        Plots.save(folder.file("episodes.png"), chart(lengths, target));
        folder.saveModel("policy.safetensors", policy, Map.of("example", "cartpole", "model", policy.toString()));
        out.println("wrote metrics.json, episodes.png and policy.safetensors to " + folder.dir());
    }

    /**
     * The policy with its two prepared programs: acting (one state in, the action probabilities out) and
     * learning (a batch of steps in, the parameters stepped). A learning program has fixed shapes, so a
     * batch is padded with zero-weight rows to a power of two: a handful of programs serve every batch.
     */
    static final class Agent {
        private final Sequential policy;
        private final Optimizer optimizer;
        private final Node state = Node.placeholder("state", 1, 4);
        private final Program act;
        private final Map<Integer, Learning> programs = new HashMap<>();
        private int updates;

        Agent(Sequential policy, Optimizer optimizer) {
            this.policy = policy;
            this.optimizer = optimizer;
            this.act = Program.of(Activations.softmax(policy.forward(state), -1));
        }

        /** The placeholders of a learning program for {@code rows} steps, and the program. */
        private record Learning(Node states, Node actions, Node weights, Program program) {
        }

        /**
         * The surrogate loss {@code L = −Σᵢ wᵢ log π(aᵢ | sᵢ)} whose gradient is the policy gradient when
         * {@code wᵢ} is the advantage of step i divided by the number of steps; padded rows have w = 0.
         */
        private Learning prepare(int rows) {
            Node states = Node.placeholder("states", rows, 4);
            Node actions = Node.placeholder("actions", rows, 2); // one-hot
            Node weights = Node.placeholder("weights", rows);
            Node logProbabilities = Activations.logSoftmax(policy.forward(states), -1);
            Node taken = logProbabilities.mul(actions).sum(1);
            Node loss = taken.mul(weights).sum().neg();
            List<Parameter> params = List.copyOf(policy.parameters().values());
            List<Assign> step = optimizer.step(policy.parameters(), Autograd.gradients(loss, params));
            return new Learning(states, actions, weights, Program.of(List.of(loss), step));
        }

        /** One episode from {@code env}: actions sampled from the policy, or the likelier one when rng is null. */
        Episode play(CartPole env, SplittableRandom rng) {
            List<double[]> states = new ArrayList<>();
            List<Integer> actions = new ArrayList<>();
            while (!env.done()) {
                double[] s = env.state();
                double right = act.run(Map.of(state, Tensor.of(s, 1, 4))).get(0).get(0, 1);
                int a = rng == null ? (right > 0.5 ? 1 : 0) : (rng.nextDouble() < right ? 1 : 0);
                states.add(s);
                actions.add(a);
                env.step(a);
            }
            return new Episode(states.toArray(new double[0][]), actions.stream().mapToInt(Integer::intValue).toArray());
        }

        /** One policy-gradient step on the batch of episodes. */
        void learn(List<Episode> episodes, double gamma) {
            int steps = episodes.stream().mapToInt(Episode::length).sum();
            double[] advantages = new double[steps];
            int at = 0;
            for (Episode e : episodes) {
                double g = 0;
                for (int t = e.length() - 1; t >= 0; t--) {
                    g = 1 + gamma * g;
                    advantages[at + t] = g;
                }
                at += e.length();
            }
            normalize(advantages);
            int rows = Integer.highestOneBit(Math.max(steps - 1, 128)) * 2;
            double[] s = new double[rows * 4];
            double[] a = new double[rows * 2];
            double[] w = new double[rows];
            int i = 0;
            for (Episode e : episodes) {
                for (int t = 0; t < e.length(); t++, i++) {
                    System.arraycopy(e.states()[t], 0, s, 4 * i, 4);
                    a[2 * i + e.actions()[t]] = 1;
                    w[i] = advantages[i] / steps;
                }
            }
            Learning l = programs.computeIfAbsent(rows, this::prepare);
            l.program().run(Map.of(l.states(), Tensor.of(s, rows, 4), l.actions(), Tensor.of(a, rows, 2),
                    l.weights(), Tensor.of(w, rows)));
            updates++;
        }
    }

    /** Shifts and scales {@code x} in place to mean 0 and standard deviation 1 (left centred if constant). */
    static void normalize(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        double std = Math.sqrt(var);
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean) / (std > 1e-8 ? std : 1);
        }
    }

    private static double average(List<Integer> xs, int window) {
        int from = Math.max(0, xs.size() - window);
        return xs.subList(from, xs.size()).stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static double[] toDoubles(List<Integer> xs) {
        return xs.stream().mapToDouble(Integer::doubleValue).toArray();
    }

    private static XYChart chart(List<Integer> lengths, double target) {
        XYChart c = Plots.chart("cartpole: REINFORCE", "episode", "steps balanced");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setYAxisMin(0.0).setYAxisMax((double) CartPole.MAX_STEPS + 20);
        int n = lengths.size();
        double[] x = Plots.epochs(n);
        double[] moving = new double[n];
        for (int i = 0; i < n; i++) {
            moving[i] = average(lengths.subList(0, i + 1), WINDOW);
        }
        Plots.line(c, "episode length", x, toDoubles(lengths)).setLineColor(new Color(160, 190, 230));
        Plots.line(c, "average of the last 100", x, moving).setLineColor(new Color(30, 70, 200))
                .setLineWidth(2.5f);
        Plots.line(c, "target " + (int) target, new double[] {1, Math.max(n, 2)}, new double[] {target, target})
                .setLineColor(new Color(220, 90, 0)).setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        Plots.roundTicks(c, 1.5, target);
        return c;
    }
}
