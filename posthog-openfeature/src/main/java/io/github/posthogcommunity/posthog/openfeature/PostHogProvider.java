package io.github.posthogcommunity.posthog.openfeature;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OpenFeature provider that evaluates flags with the client's feature flag evaluation.
 *
 * <p>Mapping: the evaluation context's targeting key is the PostHog distinct id; its other attributes are sent as
 * person properties. Each evaluation asks the client for that one key, exactly as the client's getters do: with a
 * personal API key (local evaluation) it is answered from the loaded flag definitions without a request when they
 * decide it, otherwise it is one {@code /flags} request (through the client's timeout, retry policy and counters).
 * It records a deduplicated {@code $feature_flag_called} event, as the getters do.
 *
 * <ul>
 *   <li>boolean: whether the flag is on (a multivariate flag with a variant is on); the variant is reported.</li>
 *   <li>string: the variant of a multivariate flag; a plain boolean flag is a {@code TYPE_MISMATCH}.</li>
 *   <li>integer, long, double: the flag's payload, when it is a JSON number.</li>
 *   <li>object: the flag's payload parsed from JSON into a {@link Value}.</li>
 * </ul>
 * Values PostHog computed have reason {@code TARGETING_MATCH}; a flag without a payload gives the default with reason
 * {@code DEFAULT}. Errors give the default with reason {@code ERROR} and a code: {@code TARGETING_KEY_MISSING}
 * (no request is made), {@code FLAG_NOT_FOUND} (the server does not know the flag), {@code GENERAL} (the server could
 * not be reached or answered with an error), {@code TYPE_MISMATCH} and {@code PARSE_ERROR} (payloads).
 *
 * <p>The provider does not own the client: {@link #shutdown()} leaves it open; close it where it was created.
 */
public final class PostHogProvider implements FeatureProvider {

    /** The provider's name in OpenFeature metadata. */
    public static final String NAME = "PostHog";

    private final PostHogClient client;

    /** A provider evaluating with this client. */
    public PostHogProvider(PostHogClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Metadata getMetadata() {
        return () -> NAME;
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> success(value instanceof String
                || Boolean.TRUE.equals(value), value));
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> value instanceof String variant
                ? success(variant, value)
                : error(defaultValue, ErrorCode.TYPE_MISMATCH, "flag '" + flag + "' has no variant (it is " + value
                        + "); use a boolean evaluation"));
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> fromPayload(flag, value, payload,
                defaultValue, v -> v.isNumber() && v.asObject() instanceof Integer ? v.asInteger() : null));
    }

    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> fromPayload(flag, value, payload,
                defaultValue, v -> v.isNumber() && !(v.asObject() instanceof Double) ? v.asLong() : null));
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> fromPayload(flag, value, payload,
                defaultValue, v -> v.isNumber() ? v.asDouble() : null));
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, (flag, value, payload) -> fromPayload(flag, value, payload,
                defaultValue, v -> v));
    }

    /** Leaves the client open: the provider does not own it. */
    @Override
    public void shutdown() {
    }

    // ---- mapping ----

    @FunctionalInterface
    private interface Resolution<T> {
        /** @param value the flag's value ({@link Boolean} or variant), never {@code null} */
        ProviderEvaluation<T> resolve(String flag, Object value, String payload);
    }

    @FunctionalInterface
    private interface FromValue<T> {
        /** The typed value, or {@code null} when the payload is of another type. */
        T convert(Value value);
    }

    private <T> ProviderEvaluation<T> evaluate(String key, T defaultValue, EvaluationContext ctx,
                                               Resolution<T> resolution) {
        String distinctId = ctx == null ? null : ctx.getTargetingKey();
        if (distinctId == null || distinctId.isBlank()) {
            return error(defaultValue, ErrorCode.TARGETING_KEY_MISSING,
                    "the evaluation context has no targeting key (the PostHog distinct id)");
        }
        if (key == null || key.isBlank()) {
            return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "the flag key is blank");
        }
        try {
            FeatureFlagOptions options = FeatureFlagOptions.builder()
                    .personProperties(personProperties(ctx))
                    .flagKeys(List.of(key))
                    .build();
            FeatureFlagsSnapshot flags = client.evaluateFlags(distinctId, options);
            if (flags.evaluationFailed()) {
                return error(defaultValue, ErrorCode.GENERAL, "PostHog could not evaluate flags (see the client log)");
            }
            if (!flags.keys().contains(key)) {
                return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "PostHog has no flag '" + key + "'");
            }
            Object value = flags.getFlag(key);
            return resolution.resolve(key, value, flags.getPayload(key));
        } catch (RuntimeException e) {
            return error(defaultValue, ErrorCode.GENERAL, "evaluation failed: " + e.getClass().getName());
        }
    }

    private static Map<String, Object> personProperties(EvaluationContext ctx) {
        Map<String, Object> properties = new LinkedHashMap<>(ctx.asObjectMap());
        properties.remove(EvaluationContext.TARGETING_KEY);
        return properties;
    }

    private static <T> ProviderEvaluation<T> fromPayload(String flag, Object value, String payload, T defaultValue,
                                                         FromValue<T> convert) {
        if (payload == null) {
            return resolved(defaultValue, value, Reason.DEFAULT);
        }
        Value parsed;
        try {
            parsed = PayloadValues.parse(payload);
        } catch (PayloadValues.InvalidPayload e) {
            return error(defaultValue, ErrorCode.PARSE_ERROR, "payload of flag '" + flag + "': " + e.getMessage());
        }
        T typed = convert.convert(parsed);
        if (typed == null) {
            return error(defaultValue, ErrorCode.TYPE_MISMATCH, "payload of flag '" + flag + "' is not of the "
                    + "requested type");
        }
        return success(typed, value);
    }

    private static <T> ProviderEvaluation<T> success(T result, Object flagValue) {
        return resolved(result, flagValue, Reason.TARGETING_MATCH);
    }

    /** A resolution without error; the metadata says whether the PostHog flag is on. */
    private static <T> ProviderEvaluation<T> resolved(T result, Object flagValue, Reason reason) {
        return ProviderEvaluation.<T>builder()
                .value(result)
                .variant(flagValue instanceof String variant ? variant : null)
                .reason(reason.toString())
                .flagMetadata(ImmutableMetadata.builder().addBoolean("enabled", !Boolean.FALSE.equals(flagValue)).build())
                .build();
    }

    private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder()
                .value(defaultValue)
                .reason(Reason.ERROR.toString())
                .errorCode(code)
                .errorMessage(message)
                .build();
    }
}
