package io.lrp4j.api;

/**
 * A rule, composite, selector or parameter that the user wrote wrongly. The message is one line meant for the user:
 * it names what was wrong and, where it helps, what would be right.
 */
public class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one user-facing line
     */
    public SpecException(String message) {
        super(message);
    }
}
