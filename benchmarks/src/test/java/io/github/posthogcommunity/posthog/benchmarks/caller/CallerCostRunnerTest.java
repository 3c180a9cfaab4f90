package io.github.posthogcommunity.posthog.benchmarks.caller;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerCostRunnerTest {

    @Test
    void aShortRunReportsEveryFigureAndDropsNothing() throws Exception {
        String summary = CallerCostRunner.run(6, 200);
        assertThat(summary).startsWith("caller per capture: wall median ").contains("CPU p10 ")
                .contains("involuntary switches per burst ").contains("client threads' CPU per event ");
    }
}
