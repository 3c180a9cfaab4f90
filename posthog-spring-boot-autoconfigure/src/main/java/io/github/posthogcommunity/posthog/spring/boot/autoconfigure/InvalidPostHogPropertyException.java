package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

/**
 * A {@code posthog.*} property has a value the client cannot work with. Fails the application's start-up; the
 * message names the property and never contains a secret.
 */
public final class InvalidPostHogPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String reason;

    /**
     * @param property the full property name, for example {@code posthog.flush-at}
     * @param reason why the value is invalid; must not contain a secret
     */
    public InvalidPostHogPropertyException(String property, String reason) {
        super("Invalid value for property '" + property + "': " + reason);
        this.property = property;
        this.reason = reason;
    }

    /** The full property name, for example {@code posthog.flush-at}. */
    public String property() {
        return property;
    }

    /** Why the value is invalid. */
    public String reason() {
        return reason;
    }
}
