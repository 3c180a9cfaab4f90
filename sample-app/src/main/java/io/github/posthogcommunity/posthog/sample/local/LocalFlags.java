package io.github.posthogcommunity.posthog.sample.local;

import tools.jackson.databind.JsonNode;

/**
 * The local PostHog's answer to {@code /flags/}: two demo flags. {@code new-checkout} is on for every user whose
 * distinct id ends in an even digit or letter code; {@code checkout-button-color} is a multivariate flag.
 */
final class LocalFlags {

    String answer(JsonNode request) {
        String distinctId = request.path("distinct_id").asString("");
        boolean newCheckout = !distinctId.isEmpty() && distinctId.charAt(distinctId.length() - 1) % 2 == 0;
        String color = Math.floorMod(distinctId.hashCode(), 2) == 0 ? "green" : "blue";
        return "{\"flags\":{"
                + "\"new-checkout\":{\"key\":\"new-checkout\",\"enabled\":" + newCheckout
                + ",\"variant\":null,\"reason\":{\"code\":\"local\"},\"metadata\":{\"id\":1,\"version\":1,"
                + "\"payload\":null}},"
                + "\"checkout-button-color\":{\"key\":\"checkout-button-color\",\"enabled\":true,\"variant\":\""
                + color + "\",\"reason\":{\"code\":\"local\"},\"metadata\":{\"id\":2,\"version\":1,"
                + "\"payload\":\"{\\\"cta\\\":\\\"Buy now\\\"}\"}}},\"errorsWhileComputingFlags\":false}";
    }
}
