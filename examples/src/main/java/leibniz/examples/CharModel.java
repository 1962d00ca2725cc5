package leibniz.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Context;
import leibniz.nn.Embedding;
import leibniz.nn.GRU;
import leibniz.nn.LSTM;
import leibniz.nn.LSTMCell;
import leibniz.nn.Linear;
import leibniz.nn.Module;
import leibniz.nn.Parameters;

/**
 * A character-level language model: each character id is embedded, a GRU or an LSTM reads the embeddings
 * left to right, and a linear layer turns its hidden state at every position into scores (logits) for the
 * next character. {@code [B, T]} ids in, {@code [B, T, vocabulary]} logits out.
 */
final class CharModel implements Module {
    private final Embedding embedding;
    private final GRU gru;
    private final LSTM lstm;
    private final Linear head;

    private CharModel(Embedding embedding, GRU gru, LSTM lstm, Linear head) {
        this.embedding = embedding;
        this.gru = gru;
        this.lstm = lstm;
        this.head = head;
    }

    /** A model over {@code vocabulary} characters with the given cell ({@code gru} or {@code lstm}) and sizes. */
    static CharModel create(String cell, int vocabulary, int embed, int hidden, RandomGenerator rng) {
        Embedding e = Embedding.create(vocabulary, embed, rng);
        boolean isLstm = cell.equals("lstm");
        if (!isLstm && !cell.equals("gru")) {
            throw new IllegalArgumentException("CharModel: unknown cell '" + cell + "', expected gru or lstm");
        }
        GRU g = isLstm ? null : GRU.create(embed, hidden, rng);
        LSTM l = isLstm ? LSTM.create(embed, hidden, rng) : null;
        return new CharModel(e, g, l, Linear.create(hidden, vocabulary, rng));
    }

    /** The next-character logits {@code [B, T, V]} at every position of {@code ids [B, T]}. */
    @Override
    public Node forward(Node ids, Context ctx) {
        Node x = embedding.forward(ids, ctx);
        Node h = gru != null ? gru.forward(x, ctx) : lstm.forward(x, ctx);
        return head.forward(h, ctx);
    }

    /** {@code embedding.weight}, {@code rnn.*} (the cell's four tensors), {@code head.weight}, {@code head.bias}. */
    @Override
    public Map<String, Parameter> parameters() {
        return Parameters.builder()
                .addAll("embedding", embedding.parameters())
                .addAll("rnn", gru != null ? gru.parameters() : lstm.parameters())
                .addAll("head", head.parameters())
                .build();
    }

    /** The number of hidden units of the recurrent layer. */
    int hidden() {
        return gru != null ? gru.cell().hiddenSize() : lstm.cell().hiddenSize();
    }

    /** One step at a time, for generating text: a prepared program from (id, state) to (logits, next state). */
    Stepper stepper() {
        Node id = Node.placeholder("id", 1);
        int parts = gru != null ? 1 : 2;
        List<Node> state = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            state.add(Node.placeholder("state" + i, 1, hidden()));
        }
        Node x = embedding.forward(id);
        List<Node> next;
        if (gru != null) {
            next = List.of(gru.cell().step(x, state.get(0)));
        } else {
            LSTMCell.State s = lstm.cell().step(x, new LSTMCell.State(state.get(0), state.get(1)));
            next = List.of(s.h(), s.c());
        }
        List<Node> outputs = new ArrayList<>();
        outputs.add(head.forward(next.get(0)));
        outputs.addAll(next);
        return new Stepper(Program.of(outputs), id, state);
    }

    /** {@code CharModel(Embedding(70 x 16), GRU(16 -> 64), Linear(64 -> 70))}. */
    @Override
    public String toString() {
        return "CharModel(" + embedding + ", " + (gru != null ? gru : lstm) + ", " + head + ")";
    }

    /**
     * The model advanced one character at a time, its state (h for a GRU, h and c for an LSTM) kept
     * between calls; it starts from the zero state, as every training window did.
     */
    static final class Stepper {
        private final Program program;
        private final Node id;
        private final List<Node> state;
        private final Tensor[] values;

        private Stepper(Program program, Node id, List<Node> state) {
            this.program = program;
            this.id = id;
            this.state = state;
            this.values = new Tensor[state.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Tensor.zeros(state.get(i).shape());
            }
        }

        /** Reads character {@code c} and returns the logits {@code [V]} of the one after it. */
        Tensor next(int c) {
            Map<Node, Tensor> feeds = new HashMap<>();
            feeds.put(id, Tensor.vector(c));
            for (int i = 0; i < values.length; i++) {
                feeds.put(state.get(i), values[i]);
            }
            List<Tensor> out = program.run(feeds);
            for (int i = 0; i < values.length; i++) {
                values[i] = out.get(i + 1);
            }
            return out.get(0).reshape(-1);
        }
    }
}
