package leibniz.examples;

/**
 * Bad input from the command line or the file system (an unknown option, a malformed number, a missing
 * data folder, an output folder that cannot be written): {@link Main} prints the message and the usage
 * and exits with status 2, without a stack trace.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
