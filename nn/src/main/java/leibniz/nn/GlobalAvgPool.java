package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * The mean over every axis after the channels: {@code [N, C, ...] -> [N, C]}, the usual bridge from
 * convolutional features of any spatial size to a classifier.
 */
public final class GlobalAvgPool implements Module {
    private GlobalAvgPool() {
    }

    /** The pooling layer. */
    public static GlobalAvgPool create() {
        return new GlobalAvgPool();
    }

    /** {@code out[n, c] = mean over the remaining axes of x[n, c, ...]}; {@code x} has rank 3 or more. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException("GlobalAvgPool: input " + x.shape()
                    + " has no axes after [batch, channels] to average");
        }
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        return x.reshape(n, c, x.shape().sizeBetween(2, x.rank())).mean(2);
    }

    /** None. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool";
    }
}
