package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the official SDKs on the class path, written into a resource by the Maven build. */
final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    static String of(String key) {
        return VERSIONS.getProperty(key, "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(
                "/io/github/posthogcommunity/posthog/benchmarks/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown versions are reported as such
        }
        return p;
    }
}
