package io.github.posthogcommunity.posthog.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's name and version, as sent in {@code $lib} / {@code $lib_version} and the User-Agent. */
public final class SdkInfo {

    /** The value of {@code $lib}. */
    public static final String NAME = "posthog-java-community";

    /** The value of {@code $lib_version}, read from the build. */
    public static final String VERSION = readVersion();

    private SdkInfo() {
    }

    /** {@code name/version}, for User-Agent and SDK-info headers. */
    public static String userAgent() {
        return NAME + "/" + VERSION;
    }

    private static String readVersion() {
        try (InputStream in = SdkInfo.class.getResourceAsStream("/io/github/posthogcommunity/posthog/sdk.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
