package leibniz.optim;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Spark session for one test class, started before its first test and stopped after its last:
 * {@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark(2);} gives {@code local[2]} in which a
 * task may fail up to 3 times and be retried.
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private final int threads;
    private SparkSession session;

    LocalSpark(int threads) {
        this.threads = threads;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session = SparkNet.session(threads);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.stop();
    }

    /** The running session. */
    SparkSession session() {
        return session;
    }
}
