package io.github.posthogcommunity.posthog.openfeature;

import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.List;

/** Turns a PostHog payload (raw JSON text) into an OpenFeature {@link Value}, with jackson-core streaming only. */
final class PayloadValues {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private PayloadValues() {
    }

    /** The payload as a value. */
    static Value parse(String json) throws InvalidPayload {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() == null) {
                throw new InvalidPayload("the payload is empty");
            }
            Value value = read(p);
            if (p.nextToken() != null) {
                throw new InvalidPayload("the payload has content after its JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidPayload("the payload is not valid JSON");
        }
    }

    private static Value read(JsonParser p) {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                MutableStructure structure = new MutableStructure();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    structure.add(name, read(p));
                }
                return new Value(structure);
            }
            case START_ARRAY: {
                List<Value> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new Value(items);
            }
            case VALUE_STRING:
                return new Value(p.getString());
            case VALUE_NUMBER_INT:
                long number = p.getLongValue();
                return number == (int) number ? new Value((int) number) : new Value(number);
            case VALUE_NUMBER_FLOAT:
                return new Value(p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Value(token == JsonToken.VALUE_TRUE);
            default:
                return new Value();
        }
    }

    /** A payload that is not one JSON value. */
    static final class InvalidPayload extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPayload(String message) {
            super(message, null, false, false);
        }
    }
}
