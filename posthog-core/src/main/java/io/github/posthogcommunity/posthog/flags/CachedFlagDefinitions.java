package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One flag-definitions document as a {@link FlagDefinitionsCache} stores it: the raw JSON body PostHog returned
 * for {@code /flags/definitions} (flags, group type mapping, cohorts) unchanged, so that every version of the SDK
 * reading the same cache can parse it, with the schema version of this envelope, the {@code ETag} and the time it
 * was fetched (or confirmed unchanged).
 *
 * @param schemaVersion the version of this envelope; readers ignore a document whose version they do not know
 * @param json the raw response body (copied; never logged)
 * @param etag the {@code ETag} PostHog sent with it, or {@code null}
 * @param fetchedAt when the lease holder fetched it, or last had it confirmed unchanged
 */
public record CachedFlagDefinitions(int schemaVersion, byte[] json, @Nullable String etag, Instant fetchedAt) {

    /** The envelope version this SDK writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    public CachedFlagDefinitions {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        json = json.clone();
        etag = etag == null || etag.isEmpty() ? null : etag;
    }

    /** A document of the current {@link #SCHEMA_VERSION}. */
    public static CachedFlagDefinitions of(byte[] json, @Nullable String etag, Instant fetchedAt) {
        return new CachedFlagDefinitions(SCHEMA_VERSION, json, etag, fetchedAt);
    }

    /** The raw JSON body (a copy). */
    @Override
    public byte[] json() {
        return json.clone();
    }

    /** The raw JSON body as UTF-8 text. */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** Whether this SDK can read the document. */
    public boolean isReadable() {
        return schemaVersion == SCHEMA_VERSION;
    }

    /** Same version, body, ETag and fetch time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CachedFlagDefinitions other && schemaVersion == other.schemaVersion
                && Arrays.equals(json, other.json) && Objects.equals(etag, other.etag)
                && fetchedAt.equals(other.fetchedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schemaVersion, Arrays.hashCode(json), etag, fetchedAt);
    }

    /** The version, size, ETag and time; never the body. */
    @Override
    public String toString() {
        return "CachedFlagDefinitions{schemaVersion=" + schemaVersion + ", bytes=" + json.length + ", etag=" + etag
                + ", fetchedAt=" + fetchedAt + "}";
    }
}
