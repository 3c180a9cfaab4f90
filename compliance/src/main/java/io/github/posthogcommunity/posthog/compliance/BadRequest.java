package io.github.posthogcommunity.posthog.compliance;

/** A request the adapter cannot serve as sent; answered with HTTP 400 and {@code {"success": false, "error": ...}}. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
