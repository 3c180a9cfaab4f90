/**
 * Local evaluation of feature flags (internal; not a public API).
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.FlagDefinitions}: one parsed, immutable
 *       snapshot of {@code GET /flags/definitions} (flags, group type mapping, cohorts).</li>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.LocalEvaluator}: evaluates flags against a
 *       snapshot with the semantics of PostHog's reference evaluator, proven by the vectors shared with
 *       PostHog's other SDKs (the tests' {@code flag-vectors}). Engine level: no enrichment.</li>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.FlagContext}: who to evaluate for;
 *       {@code withSdkEnrichment()} adds person property {@code distinct_id} and group property
 *       {@code $group_key} as every PostHog SDK does before evaluating.</li>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.LocalResult}: {@code Decided} (value
 *       {@code true}/{@code false}/variant key, payload, flag id, version, reason, condition index) or
 *       {@code Inconclusive} (with a cause). Inconclusive is never {@code false}.</li>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.DefinitionsPoller}: keeps the snapshot
 *       fresh on one daemon thread, swapping it atomically (ETag, 304, 402 clears, 401/403/429 backoff).</li>
 *   <li>{@link io.github.posthogcommunity.posthog.internal.flags.local.LocalFlags}: the facade the public flags
 *       API calls.</li>
 * </ul>
 *
 * <h2>Wiring (for the public flags API)</h2>
 * <pre>{@code
 * LocalFlags local = LocalFlags.start(new DefinitionsPoller.Config(host, projectKey, personalKey,
 *         pollInterval, requestTimeout, transport, clock));          // only when a personal key is configured
 *
 * // getFeatureFlag(key, distinctId, options):
 * LocalResult r = local.evaluate(key, new FlagContext(distinctId, personProps, groups, groupProps, deviceId));
 * if (r instanceof LocalResult.Decided d) { ... d.value(), d.payload(), d.flagId(), d.flagVersion(), d.reason() }
 * else if (onlyEvaluateLocally) { return null/empty; }
 * else { remote /flags request for this key }            // NOT_LOADED, FLAG_NOT_FOUND, INCONCLUSIVE_MATCH, REQUIRES_SERVER
 *
 * // getAllFlags(distinctId, options):
 * LocalEvaluations all = local.evaluateAll(context);
 * // !all.loaded()                -> everything remote (one request)
 * // all.inconclusiveKeys() empty -> all.values() is the answer
 * // otherwise                    -> one remote request, keep remote values for inconclusiveKeys() only
 *
 * local.close();                                          // on client close: stops the poller thread
 * }</pre>
 * A force-remote option simply skips {@code LocalFlags}. {@code awaitReady(timeout)} lets a caller block on the
 * first load; {@code lastSuccessfulLoad()} and {@code definitionsCount()} are for health and metrics.
 *
 * <h2>Semantics worth knowing</h2>
 * <ul>
 *   <li>Conditions are tried in order; an inconclusive condition does not stop a later one from matching; the
 *       flag is inconclusive only when nothing matched and something was inconclusive. With {@code early_exit},
 *       a condition whose properties match but whose rollout excludes the user decides {@code false} (unless an
 *       earlier condition was inconclusive: then the flag is inconclusive).</li>
 *   <li>A missing property, an unknown operator, an unparseable date or version is inconclusive; a null value is
 *       a plain no-match except for {@code is_not} (compared with Python's {@code "None"}) and
 *       {@code is_not_set} (true). {@code is_not_set} on a missing property is inconclusive: the server may
 *       know the property.</li>
 *   <li>A cohort that is missing (static), malformed or references such a cohort needs the server: the whole
 *       flag is inconclusive at once ({@code REQUIRES_SERVER}), as is {@code ensure_experience_continuity}.</li>
 *   <li>String comparisons use Unicode case folding, approximated by {@code toUpperCase().toLowerCase()} with
 *       the root locale (exact for ASCII, {@code ß}, {@code ſ} and most scripts; the Turkish dotless i folds to
 *       {@code i} here, not in Python).</li>
 *   <li>Dates: ISO-8601 dates and date-times (space or {@code T}, optional fraction and offset; no offset means
 *       UTC), a bare year, and relative values {@code -?N[hdwmy]} (N &lt; 10000) counted back from the injected
 *       clock's "now". Java callers may also pass {@code Instant}, {@code OffsetDateTime},
 *       {@code ZonedDateTime}, {@code LocalDateTime} (UTC), {@code LocalDate} or {@code Date} values.
 *       Free-form dates that Python's {@code dateutil} would accept ("May 1 2022") are inconclusive here.</li>
 * </ul>
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.flags.local;

import org.jspecify.annotations.NullMarked;
