package io.github.posthogcommunity.posthog.benchmarks;

import io.github.posthogcommunity.posthog.benchmarks.e2e.E2eRunner;

import java.util.Arrays;

/**
 * Entry point of the shaded jar: {@code jmh [JMH options]} runs the JMH benchmarks (org.openjdk.jmh.Main);
 * {@code fleet [options]} counts definitions requests of a fleet with and without a shared Redis cache;
 * {@code e2e [options]} or no sub-command runs the end-to-end comparison ({@link E2eRunner}); {@code ceiling
 * [events] [threads]} measures the machine's delivery ceiling with a raw HTTP client; {@code caller-cost [bursts]
 * [events per burst]} splits an accepted capture's cost on the calling thread ({@code CallerCostRunner}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("ceiling")) {
            io.github.posthogcommunity.posthog.benchmarks.e2e.CeilingRunner.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("fleet")) {
            io.github.posthogcommunity.posthog.benchmarks.fleet.DefinitionsFleetRunner.main(
                    Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("caller-cost")) {
            io.github.posthogcommunity.posthog.benchmarks.caller.CallerCostRunner.main(
                    Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("e2e")) {
            E2eRunner.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        E2eRunner.main(args);
    }
}
