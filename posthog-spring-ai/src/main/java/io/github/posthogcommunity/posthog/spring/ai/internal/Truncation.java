package io.github.posthogcommunity.posthog.spring.ai.internal;

/** The markers that replace content cut by the size cap. */
final class Truncation {

    private Truncation() {
    }

    static String chars(int removed) {
        return "… [truncated: " + removed + " more characters]";
    }

    static String items(int removed) {
        return "[truncated: " + removed + " more items]";
    }
}
