package leibniz.optim;

import org.apache.spark.SparkException;

/**
 * A failed Spark job told in one sentence: the sentence our own code threw inside the task (a bad row, a
 * shape that does not fit), found among the causes Spark wraps it in, or Spark's own message otherwise.
 */
final class SparkFailure {
    private SparkFailure() {
    }

    /** {@code what: cause}: an {@link IllegalArgumentException} when a task refused its input, else a state error. */
    static RuntimeException of(String what, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                return new IllegalArgumentException(what + ": " + bad.getMessage(), e);
            }
            if (t instanceof ArithmeticException bad) {
                return new ArithmeticException(what + ": " + bad.getMessage());
            }
        }
        if (e instanceof RuntimeException r && !(e instanceof SparkException)) {
            return r;
        }
        return new IllegalStateException(what + ": the Spark job failed: " + e.getMessage(), e);
    }
}
