package io.github.posthogcommunity.posthog.internal.flags.local;

import java.util.Map;
import java.util.Set;

/**
 * The result of evaluating every loaded flag for one context.
 *
 * @param values flag key to decided result, in definition order
 * @param inconclusiveKeys the flags local evaluation could not decide: ask the server for these (one request)
 * @param loaded whether definitions were loaded at all; when {@code false} both collections are empty and
 *     every flag must come from the server
 */
public record LocalEvaluations(Map<String, LocalResult.Decided> values, Set<String> inconclusiveKeys,
                               boolean loaded) {

    static final LocalEvaluations NOT_LOADED = new LocalEvaluations(Map.of(), Set.of(), false);
}
