package io.github.posthogcommunity.posthog.internal.flags;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /flags} wire format: writes the request body and reads both response shapes, the v2
 * {@code {"flags": {key: {enabled, variant, reason, metadata{id, version, payload, has_experiment}}}}} and the older
 * {@code {"featureFlags": {key: value}, "featureFlagPayloads": {key: payload}}}. Stateless and thread-safe.
 */
final class FlagsJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private FlagsJson() {
    }

    /** A body the server cannot be read as a flags answer. */
    static final class UnreadableResponse extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableResponse(String message) {
            super(message, null, false, false);
        }
    }

    // ---- request ----

    static byte[] requestBody(String token, FlagsQuery query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeName("token");
            g.writeString(token);
            g.writeName("distinct_id");
            g.writeString(query.distinctId());
            g.writeName("groups");
            writeValue(g, query.groups(), 0);
            g.writeName("person_properties");
            writeValue(g, query.personProperties(), 0);
            g.writeName("group_properties");
            writeValue(g, query.groupProperties(), 0);
            g.writeName("geoip_disable");
            g.writeBoolean(query.geoipDisable());
            if (query.flagKeys() != null) {
                g.writeName("flag_keys_to_evaluate");
                writeValue(g, query.flagKeys(), 0);
            }
            if (!query.evaluationContexts().isEmpty()) {
                g.writeName("evaluation_contexts");
                writeValue(g, query.evaluationContexts(), 0);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Writes a caller-supplied property value; anything that is not JSON already is written as its text. */
    private static void writeValue(JsonGenerator g, Object value, int depth) {
        if (depth > 64) {
            g.writeNull();
            return;
        }
        if (value == null) {
            g.writeNull();
        } else if (value instanceof CharSequence || value instanceof Character) {
            g.writeString(value.toString());
        } else if (value instanceof Boolean flag) {
            g.writeBoolean(flag);
        } else if (value instanceof Number number) {
            writeNumber(g, number);
        } else if (value instanceof Optional<?> optional) {
            writeValue(g, optional.orElse(null), depth + 1);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item, depth + 1);
            }
            g.writeEndArray();
        } else if (value.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                writeValue(g, Array.get(value, i), depth + 1);
            }
            g.writeEndArray();
        } else {
            g.writeString(value instanceof Enum<?> e ? e.name() : String.valueOf(value));
        }
    }

    private static void writeNumber(JsonGenerator g, Number number) {
        if (number instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (number instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else {
            g.writeNumber(number.longValue());
        }
    }

    // ---- response ----

    /** Reads one property value; must consume it (a container it does not read: {@code skipChildren()}). */
    @FunctionalInterface
    private interface PropertyReader {
        void read(String name, JsonToken token);
    }

    /** Calls {@code reader} for every property of the object at the current token; skips any other value. */
    private static void readObject(JsonParser p, PropertyReader reader) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            reader.read(name, p.nextToken());
        }
    }

    /** The fields of a response, filled while reading. */
    private static final class ResponseFields {
        final Map<String, EvaluatedFlag> v2Flags = new LinkedHashMap<>();
        final Map<String, Object> legacyValues = new LinkedHashMap<>();
        final Map<String, String> legacyPayloads = new LinkedHashMap<>();
        boolean hasV2;
        String requestId;
        Long evaluatedAt;
        boolean errors;
        boolean quotaLimited;
        boolean minimal;
    }

    /** The fields of one v2 flag, filled while reading. */
    private static final class FlagFields {
        boolean enabled;
        String variant;
        String payload;
        Long id;
        Long version;
        String reasonCode;
        String reasonDescription;
        Boolean hasExperiment;
    }

    static FlagsResponse parseResponse(byte[] body) throws UnreadableResponse {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableResponse("the body is not a JSON object");
            }
            ResponseFields f = new ResponseFields();
            readObject(p, (name, token) -> {
                switch (name) {
                    case "flags" -> {
                        f.hasV2 = token == JsonToken.START_OBJECT;
                        readObject(p, (key, t) -> {
                            if (t == JsonToken.START_OBJECT) {
                                f.v2Flags.put(key, readV2Flag(key, p));
                            } else {
                                p.skipChildren();
                            }
                        });
                    }
                    case "featureFlags" -> readObject(p, (key, t) -> {
                        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_STRING) {
                            f.legacyValues.put(key, t == JsonToken.VALUE_STRING ? p.getString() : t == JsonToken.VALUE_TRUE);
                        } else {
                            p.skipChildren();
                        }
                    });
                    case "featureFlagPayloads" -> readObject(p, (key, t) -> {
                        String payload = readPayload(p);
                        if (payload != null) {
                            f.legacyPayloads.put(key, payload);
                        }
                    });
                    case "requestId" -> f.requestId = token == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "evaluatedAt" -> f.evaluatedAt = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "errorsWhileComputingFlags" -> f.errors = token == JsonToken.VALUE_TRUE;
                    case "quotaLimited" -> f.quotaLimited = readQuotaLimited(p);
                    case "minimalFlagCalledEvents" -> f.minimal = token == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            });
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new UnreadableResponse("the body is not exactly one JSON object");
            }
            Map<String, EvaluatedFlag> flags = f.hasV2 ? f.v2Flags : fromLegacy(f.legacyValues, f.legacyPayloads);
            return new FlagsResponse(Collections.unmodifiableMap(flags), f.requestId, f.evaluatedAt, f.errors,
                    f.quotaLimited, f.minimal, null);
        } catch (JacksonException e) {
            throw new UnreadableResponse("the body is not valid JSON");
        }
    }

    private static EvaluatedFlag readV2Flag(String key, JsonParser p) {
        FlagFields f = new FlagFields();
        readObject(p, (name, token) -> {
            switch (name) {
                case "enabled" -> f.enabled = token == JsonToken.VALUE_TRUE;
                case "variant" -> f.variant = token == JsonToken.VALUE_STRING ? p.getString() : null;
                case "reason" -> readObject(p, (field, value) -> {
                    String text = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    if (field.equals("code")) {
                        f.reasonCode = text;
                    } else if (field.equals("description")) {
                        f.reasonDescription = text;
                    } else {
                        p.skipChildren();
                    }
                });
                case "metadata" -> readObject(p, (field, value) -> {
                    switch (field) {
                        case "id" -> f.id = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                        case "version" -> f.version = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                        case "payload" -> f.payload = readPayload(p);
                        case "has_experiment" -> f.hasExperiment = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                                : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                        default -> p.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        });
        String reason = f.reasonDescription != null ? f.reasonDescription : f.reasonCode;
        return new EvaluatedFlag(key, f.enabled, f.enabled ? f.variant : null, f.payload, f.id, f.version, reason,
                f.hasExperiment);
    }

    /**
     * A payload at the current token as raw JSON text. The server sends payloads as JSON-encoded strings; that
     * string is the payload. Older servers may inline the JSON value itself: it is written back as text.
     */
    private static String readPayload(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getString();
            return text.isEmpty() ? null : text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.copyCurrentStructureExact(p);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean readQuotaLimited(JsonParser p) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        boolean limited = false;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (token == JsonToken.VALUE_STRING && p.getString().equals("feature_flags")) {
                limited = true;
            } else {
                p.skipChildren();
            }
        }
        return limited;
    }

    private static Map<String, EvaluatedFlag> fromLegacy(Map<String, Object> values, Map<String, String> payloads) {
        Map<String, EvaluatedFlag> flags = new LinkedHashMap<>();
        if (values == null) {
            return flags;
        }
        values.forEach((key, value) -> {
            boolean enabled = !(value instanceof Boolean b) || b;
            String variant = value instanceof String s ? s : null;
            flags.put(key, new EvaluatedFlag(key, enabled, variant, payloads.get(key), null, null, null, null));
        });
        return flags;
    }
}
