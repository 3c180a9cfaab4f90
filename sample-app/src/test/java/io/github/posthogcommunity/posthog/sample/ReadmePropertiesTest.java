package io.github.posthogcommunity.posthog.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's table of {@code posthog.*} properties matches the generated configuration metadata. */
class ReadmePropertiesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(posthog\\.[^`]+)` \\| (?:`([^`]*)`|—) \\|.*$");

    @Test
    void everyPropertyIsDocumentedWithItsDefault() throws IOException {
        Map<String, String> metadata = metadataDefaults();
        Map<String, String> readme = readmeDefaults();
        assertThat(metadata).as("posthog.* properties in the configuration metadata").isNotEmpty();
        assertThat(readme)
                .as("README.md property table; expected rows:%n%s", expectedRows(metadata))
                .isEqualTo(metadata);
    }

    private static Map<String, String> metadataDefaults() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> defaults = new TreeMap<>();
        for (URL url : Collections.list(ReadmePropertiesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("posthog.")) {
                        JsonNode value = property.get("defaultValue");
                        defaults.put(name, value == null || value.isNull() ? "" : value.asString());
                    }
                }
            }
        }
        return defaults;
    }

    private static Map<String, String> readmeDefaults() throws IOException {
        Path readme = Path.of("..", "README.md");
        Map<String, String> defaults = new TreeMap<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                defaults.put(row.group(1), row.group(2) == null ? "" : row.group(2));
            }
        }
        return defaults;
    }

    private static String expectedRows(Map<String, String> metadata) {
        StringBuilder rows = new StringBuilder();
        metadata.forEach((name, value) -> rows.append("| `").append(name).append("` | ")
                .append(value.isEmpty() ? "—" : "`" + value + "`").append(" | ... |\n"));
        return rows.toString();
    }
}
