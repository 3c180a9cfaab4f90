package io.github.posthogcommunity.posthog.compliance;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reads route bodies strictly: a body must be one JSON object; a known field of the wrong type is a 400; unknown
 * fields are ignored; an absent field and an explicit {@code null} both mean "not given" (the SDK default).
 */
final class Bodies {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode root;

    private Bodies(JsonNode root) {
        this.root = root;
    }

    /** Parses a body that must be a JSON object. */
    static Bodies parse(byte[] body) {
        if (body.length == 0) {
            throw new BadRequest("the request body must be a JSON object, it was empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the request body must be a JSON object");
        }
        return new Bodies(root);
    }

    private JsonNode given(String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    String requiredString(String field) {
        JsonNode node = given(field);
        if (node == null) {
            throw new BadRequest("'" + field + "' is required");
        }
        if (!node.isString()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        return node.stringValue();
    }

    String optionalString(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        return node.stringValue();
    }

    Integer optionalInt(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequest("'" + field + "' must be an integer (32-bit)");
        }
        return node.intValue();
    }

    Long optionalLong(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new BadRequest("'" + field + "' must be an integer");
        }
        return node.longValue();
    }

    Boolean optionalBoolean(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new BadRequest("'" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** A JSON object as an ordered Java map of JSON-ready values, or {@code null} when not given. */
    Map<String, Object> optionalObject(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequest("'" + field + "' must be a JSON object");
        }
        return toMap(node);
    }

    /** A nested object read with the same rules, or {@code null} when not given. */
    Bodies optionalNested(String field) {
        JsonNode node = given(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequest("'" + field + "' must be a JSON object");
        }
        return new Bodies(node);
    }

    /** An RFC 3339 timestamp with any offset ({@code Z}, {@code +02:00}; {@code t}/{@code z} and a space accepted). */
    OffsetDateTime optionalTimestamp(String field) {
        String text = optionalString(field);
        if (text == null) {
            return null;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        if (normalized.length() > 10 && normalized.charAt(10) == ' ') {
            normalized = normalized.substring(0, 10) + 'T' + normalized.substring(11);
        }
        try {
            return OffsetDateTime.parse(normalized, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + field + "' must be an RFC 3339 timestamp with an offset, was '" + text + "'");
        }
    }

    UUID optionalUuid(String field) {
        String text = optionalString(field);
        if (text == null) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(text.trim());
            if (!uuid.toString().equalsIgnoreCase(text.trim())) {
                throw new IllegalArgumentException("not canonical");
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'" + field + "' must be a UUID, was '" + text + "'");
        }
    }

    private static Map<String, Object> toMap(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            map.put(e.getKey(), toJava(e.getValue()));
        }
        return map;
    }

    /** JSON to the plain Java values the SDK serializes back unchanged (integers stay integers). */
    private static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return toMap(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
        }
        return node.toString();
    }
}
