package io.github.posthogcommunity.posthog.exceptions;

/** The severity sent as {@code $exception_level}, in PostHog's vocabulary. */
public enum ExceptionLevel {
    /** {@code fatal}: the process or request could not go on. */
    FATAL("fatal"),
    /** {@code error}: the default of {@code captureException}. */
    ERROR("error"),
    /** {@code warning}. */
    WARNING("warning"),
    /** {@code log}. */
    LOG("log"),
    /** {@code info}. */
    INFO("info"),
    /** {@code debug}. */
    DEBUG("debug");

    private final String wireValue;

    ExceptionLevel(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value sent as {@code $exception_level}. */
    public String wireValue() {
        return wireValue;
    }
}
