package io.github.posthogcommunity.posthog.exceptions;

import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionProperties;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionPropertiesTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(ExceptionProperties properties, Throwable throwable) {
        return (List<Map<String, Object>>) properties.build(throwable, true, null).get("$exception_list");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> frames(Map<String, Object> entry) {
        return (List<Map<String, Object>>) ((Map<String, Object>) entry.get("stacktrace")).get("frames");
    }

    @Test
    void causeCycleIsDescribedOnce() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        b.addSuppressed(a);
        List<Map<String, Object>> list = list(new ExceptionProperties(List.of()), a);
        assertThat(list).extracting(e -> e.get("value")).containsExactly("a", "b");
    }

    @Test
    void deepChainIsCutAtTwentyExceptions() {
        List<Throwable> chain = ExceptionCaptureTest.chain(50);
        List<Map<String, Object>> list = list(new ExceptionProperties(List.of()), chain.get(0));
        assertThat(list).hasSize(ExceptionProperties.MAX_EXCEPTIONS).hasSize(20);
        assertThat(list.get(19).get("value")).isEqualTo("level 19");
    }

    @Test
    void framesAreCutNearTheCrashSiteAndBudgetedOverTheList() {
        StackTraceElement[] deep = new StackTraceElement[300];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = new StackTraceElement("com.acme.Deep", "m" + i, "Deep.java", i + 1);
        }
        List<Throwable> chain = ExceptionCaptureTest.chain(8);
        chain.forEach(t -> t.setStackTrace(deep));
        List<Map<String, Object>> list = list(new ExceptionProperties(List.of("com.acme")), chain.get(0));
        List<Map<String, Object>> first = frames(list.get(0));
        assertThat(first).hasSize(ExceptionProperties.MAX_FRAMES).hasSize(200);
        // the 200 frames nearest the crash site (m0 is the crash site), entry-point side first
        assertThat(first.get(199).get("function")).isEqualTo("m0");
        assertThat(first.get(0).get("function")).isEqualTo("m199");
        // 1000 frames in all: five full entries, then nothing
        assertThat(list).hasSize(8);
        assertThat(list).extracting(e -> frames(e).size()).containsExactly(200, 200, 200, 200, 200, 0, 0, 0);
    }

    @Test
    void inAppPrefixesMatchWholeSegments() {
        ExceptionProperties configured = new ExceptionProperties(List.of("com.acme", "org.example.Main"));
        RuntimeException e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.acme.Shop", "a", null, -1),
            new StackTraceElement("com.acmecorp.Shop", "b", null, -1),
            new StackTraceElement("org.example.Main$Inner", "c", null, -1),
            new StackTraceElement("java.lang.Thread", "run", null, -1),
        });
        List<Map<String, Object>> frames = frames(list(configured, e).get(0));
        assertThat(frames).extracting(f -> f.get("in_app")).containsExactly(false, true, false, true);
        // no file or line known: the keys are left out rather than sent empty
        assertThat(frames.get(0)).containsOnlyKeys("platform", "function", "module", "in_app");
    }

    @Test
    void withoutPrefixesLibraryFramesAreNotInApp() {
        ExceptionProperties defaults = new ExceptionProperties(List.of());
        RuntimeException e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.example.Service", "a", "Service.java", 3),
            new StackTraceElement("org.springframework.web.servlet.DispatcherServlet", "b", null, 1),
            new StackTraceElement("jdk.internal.reflect.Method", "c", null, 1),
            new StackTraceElement("java.lang.Thread", "run", null, 1),
        });
        assertThat(frames(list(defaults, e).get(0))).extracting(f -> f.get("in_app"))
                .containsExactly(false, false, false, true);
    }

    @Test
    void sameExceptionTwiceGivesTheSameList() {
        Throwable t = ExceptionCaptureTest.nestedWithSuppressed();
        ExceptionProperties properties = new ExceptionProperties(List.of());
        assertThat(properties.build(t, true, null)).isEqualTo(properties.build(t, true, null));
    }

    @Test
    void throwingAccessorsAreSurvived() {
        RuntimeException hostile = new RuntimeException("m") {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException();
            }

            @Override
            public StackTraceElement[] getStackTrace() {
                throw new IllegalStateException();
            }
        };
        List<Map<String, Object>> list = list(new ExceptionProperties(List.of()), hostile);
        assertThat(list).hasSize(1);
        assertThat(frames(list.get(0))).isEmpty();
    }
}
