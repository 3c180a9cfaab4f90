package io.github.posthogcommunity.posthog;

/**
 * A group of events dropped for one reason.
 *
 * @param reason why
 * @param count how many events
 * @param statusCode the HTTP status that caused it, or {@code 0} when no response was involved
 * @param detail a short human-readable explanation; never contains secrets
 */
public record DropReport(DropReason reason, int count, int statusCode, String detail) {
}
