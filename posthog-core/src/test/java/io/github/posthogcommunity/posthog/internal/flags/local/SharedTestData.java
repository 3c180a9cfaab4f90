package io.github.posthogcommunity.posthog.internal.flags.local;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Finds the shared test vectors ({@code shared/testdata}): the system property {@code posthog.testdata.dir}
 * when set, else the first {@code shared/testdata} found beside or above the working directory while walking up
 * (the repository sits next to {@code shared/}, possibly a worktree a few levels deeper).
 */
final class SharedTestData {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedTestData() {
    }

    static Path dir() {
        String configured = System.getProperty("posthog.testdata.dir");
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("posthog.testdata.dir=" + configured + " is not a directory");
            }
            return p;
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/testdata not found walking up from " + start
                + "; set -Dposthog.testdata.dir=/path/to/shared/testdata");
    }

    static Object read(String file) {
        Path path = dir().resolve(file);
        try {
            return JSON.readValue(Files.readAllBytes(path), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
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
