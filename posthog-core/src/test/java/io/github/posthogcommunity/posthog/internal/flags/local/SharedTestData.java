package io.github.posthogcommunity.posthog.internal.flags.local;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The flag evaluation vectors shared with PostHog's other SDKs (facts taken from posthog-python's MIT test suite,
 * provenance in {@code src/test/resources/flag-vectors/README.md}), read from the test classpath.
 */
final class SharedTestData {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String DIR = "/flag-vectors/";

    private SharedTestData() {
    }

    static Object read(String file) {
        String resource = DIR + file;
        try (InputStream in = SharedTestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found on the test classpath");
            }
            return JSON.readValue(in.readAllBytes(), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readList(String file) {
        return (List<Map<String, Object>>) read(file);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String file) {
        return (Map<String, Object>) read(file);
    }

    /** Builds definitions through the production parser, from the JSON text of a fixture. */
    static FlagDefinitions definitions(Object flagDefinitions) {
        return FlagDefinitions.parse(JSON.writeValueAsBytes(flagDefinitions));
    }
}
