package io.lrp4j.engine;

/**
 * Something about the model, the input or a rule that prevents an explanation. The message is one line meant for
 * the user; it names what is wrong and, where it helps, what to do.
 */
public class ExplainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one user-facing line
     */
    public ExplainException(String message) {
        super(message);
    }

    /**
     * @param message one user-facing line
     * @param cause the underlying failure, shown only on request
     */
    public ExplainException(String message, Throwable cause) {
        super(message, cause);
    }
}
