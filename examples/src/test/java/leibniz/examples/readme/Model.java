package leibniz.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Op;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Sequential;
import leibniz.optim.Dataset;
import leibniz.optim.History;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Sgd;
import leibniz.optim.Trainer;

/**
 * The README's "When something goes wrong" snippets, in a file of their own named as a user's would be, so
 * that the sites the reports print read {@code Model.java:N}. WhenSomethingGoesWrongTest and its debug-mode
 * twin run them and compare what they print with the README. Moving a line here moves it in the README too.
 */
final class Model {
    private Model() {
    }

    static void nan() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -1, 2));
        Node x = Node.placeholder("x", 3);
        Node loss = x.mul(w.node()).log().sum();
        Program program = Program.of(List.of(loss), List.of(), Program.Options.defaults().debug(true));
        try {
            program.run(Map.of(x, Tensor.ones(3)));
        } catch (NonFiniteException e) {
            System.out.println(e.getMessage());
        }
    }

    static void trainerNan() {
        Parameter w = Parameter.of("w", Tensor.scalar(1));
        Objective objective = (xb, yb, training) -> Pass.of(w.node().sqrt().add(xb.sum()), xb);
        Trainer trainer = Trainer.builder().parameters(Map.of("w", w)).objective(objective).optimizer(Sgd.create(4))
                .batchSize(1).quiet().build();
        try {
            trainer.fit(Dataset.of(Tensor.zeros(2, 1), Tensor.zeros(2, 1)));   // the first step takes w to -1
        } catch (ArithmeticException e) {
            System.out.println(e.getMessage());
        }
    }

    static void lint() {
        var rng = new SplittableRandom(3);
        Sequential model = Sequential.of(Linear.create(4, 8, rng), Activation.relu(), Linear.create(8, 3, rng),
                Activation.softmax(-1));
        Node x = Node.placeholder("x", 16, 4), y = Node.placeholder("y", 16);
        Node loss = Losses.crossEntropy(model.forward(x, Context.training()), y);
        List<Parameter> params = new ArrayList<>(model.parameters().values());
        params.add(Parameter.of("spare", Tensor.zeros(3)));                     // never used
        Tensor labels = Tensor.vector(1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1);   // counted from 1
        for (Lint.Warning w : Lint.of().check(loss, params, Map.of(x, Tensor.normal(rng, 0, 1, 16, 4), y, labels))) {
            System.out.println(w);
        }
    }

    static void explainZero() {
        Parameter w = Parameter.of("w", Tensor.vector(1, 2, 3));
        Parameter b = Parameter.of("b", Tensor.scalar(-10));
        Node x = Node.placeholder("x", 4, 3);
        Map<Node, Tensor> batch = Map.of(x, Tensor.ones(4, 3));
        Node h = x.matmul(w.node()).add(b.node()).relu();
        System.out.println(Autograd.explainZero(h.mean(), w, batch));
        System.out.println(Autograd.explainZero(x.matmul(w.node().detach()).sum(), w, batch));
        System.out.println(Autograd.explainZero(x.matmul(w.node()).mul(1e-9).sum(), w, batch));
    }

    static void shapes() {
        Node images = Node.placeholder("images", 64, 1, 28, 28);
        Node flat = images.reshape(64, 28 * 28).transpose();                 // one transpose too many
        Parameter w = Parameter.of("w", Tensor.zeros(784, 10));
        try {
            flat.matmul(w.node());
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
    }

    static void selfCheck() {
        record Cube() implements Op {                                      // x³, but its VJP forgot the 3
            public String name() { return "cube"; }
            public Shape shape(Shape... in) { return in[0]; }
            public Tensor forward(Tensor... in) { return in[0].pow(3); }
            public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square())); }
        }
        Node x = Node.placeholder("x", 3);
        Node y = Node.apply(new Cube(), x).sum();
        try {
            Program.of(List.of(y), List.of(), Program.Options.defaults().debug(true)).run(Map.of(x, Tensor.vector(1, 2, 3)));
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }

    static double onlineCheck() {
        Parameter w = Parameter.of("w", Tensor.normal(1, 0, 0.5, 3, 1));
        Objective objective = (xb, yb, training) -> {
            Node prediction = xb.matmul(w.node()).tanh();
            return Pass.of(prediction.sub(yb).square().mean(), prediction);
        };
        Dataset data = Dataset.of(Tensor.normal(2, 0, 1, 400, 3), Tensor.normal(3, 0, 0.5, 400, 1));
        Trainer trainer = Trainer.builder().parameters(Map.of("w", w)).objective(objective).optimizer(Sgd.create(0.1))
                .epochs(3).batchSize(4).gradientCheck(100, 1e-3).quiet().build();
        History history = trainer.fit(data);
        double error = history.last().value("grad_check");   // the largest relative error of the last epoch's checks
        return error;
    }
}
