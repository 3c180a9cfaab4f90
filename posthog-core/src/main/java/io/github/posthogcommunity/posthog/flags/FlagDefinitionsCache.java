package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

/**
 * A flag-definitions cache shared by the instances of a fleet, so that exactly one of them fetches
 * {@code /flags/definitions} per poll interval and every other instance evaluates from the copy it wrote.
 *
 * <p>With a personal API key and a cache set on the builder, each poll of the client's definitions poller does:
 * <ol>
 *   <li>{@link #acquireOrRenewLease()}: {@code true} means this instance fetches now (the lease holder);</li>
 *   <li>the holder fetches from PostHog and, on a {@code 200} or a {@code 304}, {@link #write writes} what it holds;</li>
 *   <li>every other instance {@link #read() reads} the document and evaluates from it; it never calls PostHog's
 *       definitions endpoint while the cache answers.</li>
 * </ol>
 * When any call throws, the instance fetches by itself for that poll (it never falls back to "no flags"); the
 * first failure of a streak is logged once (WARNING), the recovery at INFO, and every failure is counted in
 * {@link FeatureFlagStats#definitionsCache()}. {@link #release()} runs once when the client shuts down.
 *
 * <p>For one client, calls never overlap: every method runs on the client's poller thread, except
 * {@link #release()}, which runs on the closing thread after the poller thread has ended. An implementation need
 * not be thread-safe for one client, but must be for several clients sharing it. A call may block (network I/O) but
 * should be bounded by a timeout of its own: the poller waits for it.
 */
public interface FlagDefinitionsCache {

    /**
     * Takes the fleet-wide lease when free, or renews it when this instance already holds it.
     *
     * @return {@code true} when this instance holds the lease (and must fetch now)
     * @throws Exception when the cache cannot answer: this instance then fetches by itself
     */
    boolean acquireOrRenewLease() throws Exception;

    /**
     * The document the lease holder wrote last, or {@code null} when there is none yet.
     *
     * @throws Exception when the cache cannot answer: this instance then fetches by itself
     */
    @Nullable CachedFlagDefinitions read() throws Exception;

    /**
     * Stores the definitions the lease holder just loaded (or confirmed unchanged with a {@code 304}).
     *
     * @throws Exception when the cache cannot store it (counted and logged; the holder keeps its own copy)
     */
    void write(CachedFlagDefinitions definitions) throws Exception;

    /**
     * Gives the lease up if this instance still holds it, so another instance takes over at its next poll.
     * Called at most once, when the client shuts down (only if this instance held the lease at its last poll).
     *
     * @throws Exception when the cache cannot answer (logged; the lease then expires on its own)
     */
    void release() throws Exception;

    /** A short name for logs and stats, for example {@code redis}. Never a secret. */
    default String name() {
        return getClass().getSimpleName();
    }
}
