package io.github.posthogcommunity.posthog.internal.flags;

import java.util.List;
import java.util.Map;

/**
 * What one {@code /flags} request asks.
 *
 * @param personProperties already including {@code $device_id} when known
 * @param flagKeys the keys to evaluate, or {@code null} for every flag
 * @param evaluationContexts sent as {@code evaluation_contexts} when not empty
 */
record FlagsQuery(String distinctId, Map<String, String> groups, Map<String, Object> personProperties,
                  Map<String, Map<String, Object>> groupProperties, boolean geoipDisable, List<String> flagKeys,
                  List<String> evaluationContexts) {

    FlagsQuery {
        evaluationContexts = evaluationContexts == null ? List.of() : evaluationContexts;
    }

    /** A query without evaluation contexts. */
    FlagsQuery(String distinctId, Map<String, String> groups, Map<String, Object> personProperties,
               Map<String, Map<String, Object>> groupProperties, boolean geoipDisable, List<String> flagKeys) {
        this(distinctId, groups, personProperties, groupProperties, geoipDisable, flagKeys, List.of());
    }
}
