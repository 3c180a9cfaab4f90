package io.github.posthogcommunity.posthog.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultAndReportTest {

    @Test
    void aResultSurvivesTheTripThroughAForkedCasesOutput() {
        Result r = new Result().put("scenario", "fast").put("subject", "community").put("threads", 4)
                .put("capture_ops_s", 1234.5).put("close_ms", null).put("ok", true).put("error", "a \"quoted\"\tthing");
        Result back = Result.parse(r.toJson());
        assertThat(back.string("scenario")).isEqualTo("fast");
        assertThat(back.get("threads")).isEqualTo(4L);
        assertThat(back.number("capture_ops_s")).isEqualTo(1234.5);
        assertThat(back.get("close_ms")).isNull();
        assertThat(back.get("ok")).isEqualTo(true);
        assertThat(back.string("error")).isEqualTo("a \"quoted\"\tthing");
    }

    @Test
    void ratiosAreRelativeToTheServerSdkOfTheSameCaseAndTargetsAreChecked() {
        Result server = new Result().put("scenario", "fast").put("subject", "server").put("threads", 4L)
                .put("delivered_eps", 1000.0).put("p999_us", 500.0).put("p50_us", 2.0);
        Result ours = new Result().put("scenario", "fast").put("subject", "community").put("threads", 4L)
                .put("delivered_eps", 3500.0).put("p999_us", 40.0).put("p50_us", 2.5);
        Result hang = new Result().put("scenario", "hang").put("subject", "community").put("threads", 1L)
                .put("close_ms", 2150.0);
        List<Result> all = List.of(server, ours, hang);
        Report.ratios(all);
        assertThat(ours.number("delivered_eps_vs_server")).isEqualTo(3.5);
        assertThat(hang.number("close_ms_vs_server")).isNull();

        Options o = Options.parse(new String[] {"--smoke"});
        List<String> targets = Report.targets(all, o);
        assertThat(targets).anyMatch(t -> t.startsWith("(a) threads=4 delivered") && t.endsWith("MET"))
                .anyMatch(t -> t.startsWith("(a) threads=4 capture p99.9") && t.endsWith("MET"))
                .anyMatch(t -> t.startsWith("(a) threads=4 capture p50") && t.endsWith("MISSED"))
                .anyMatch(t -> t.startsWith("(e)") && t.endsWith("MET"));
        assertThat(Report.markdown(all, Map.of(), o, "stamp")).contains("| fast | 4 | community |", "(×3.50)");
    }

    @Test
    void smokeIsSmallAndLaterOptionsWin() {
        Options o = Options.parse(new String[] {"--smoke", "--events", "500", "--scenarios", "a,e"});
        assertThat(o.events).isEqualTo(500);
        assertThat(o.slowEvents).isEqualTo(1_000);
        assertThat(o.scenarios).containsExactly("fast", "hang");
        assertThat(o.limitOf("hang")).isEqualTo(10);
        assertThat(o.settings("fast").queueCapacity()).isEqualTo(10_000);
    }
}
