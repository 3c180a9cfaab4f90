package io.github.posthogcommunity.posthog.logback.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Appender;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.logback.PostHogAppender;

import java.util.Iterator;

import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.context.SmartLifecycle;

/**
 * Connects the application's client to Logback while the context runs. On start (after Spring Boot initialised the
 * logging system, before the web server takes requests): the client becomes the default of PostHog appenders
 * declared in the Logback configuration and, with {@code posthog.logging.enabled}, a PostHog appender configured
 * from {@code posthog.logging.*} is attached to the root logger, unless the configuration declares one there.
 * A reset of the Logback context (a reload of the configuration file, a JMX reload) detaches every appender; a
 * reset-resistant listener attaches this one again. On stop (after the web server and the task executors stopped,
 * just before the client drains) it detaches the appender and clears the default client.
 */
final class PostHogLogbackAttacher implements SmartLifecycle {

    private static final System.Logger LOG = System.getLogger("io.github.posthogcommunity.posthog");

    private final PostHogClient client;
    private final PostHogLoggingProperties properties;
    private final int phase;
    private final ReattachOnReset listener = new ReattachOnReset();
    private volatile @Nullable LoggerContext context;
    private volatile @Nullable PostHogAppender attached;
    private volatile boolean running;

    /** @param phase just above the phase of the client's drain, so the appender stops sending before it */
    PostHogLogbackAttacher(PostHogClient client, PostHogLoggingProperties properties, int phase) {
        this.client = client;
        this.properties = properties;
        this.phase = phase;
    }

    @Override
    public synchronized void start() {
        running = true;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext loggerContext)) {
            LOG.log(System.Logger.Level.INFO, "PostHog logging: SLF4J is not bound to Logback ({0}); no appender "
                    + "attached", factory.getClass().getName());
            return;
        }
        context = loggerContext;
        PostHogAppender.setDefaultClient(client);
        if (!properties.enabled()) {
            return;
        }
        Logger root = loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (declaredAppender(root) != null) {
            LOG.log(System.Logger.Level.INFO, "PostHog logging: the Logback configuration declares a PostHog "
                    + "appender on the root logger; it is used as configured there");
            return;
        }
        PostHogAppender appender = newAppender(loggerContext);
        appender.start();
        root.addAppender(appender);
        attached = appender;
        loggerContext.addListener(listener);
    }

    @Override
    public synchronized void stop() {
        running = false;
        LoggerContext loggerContext = context;
        if (loggerContext == null) {
            return;
        }
        loggerContext.removeListener(listener);
        PostHogAppender appender = attached;
        if (appender != null) {
            loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
            attached = null;
        }
        PostHogAppender.clearDefaultClient(client);
        context = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** The appender this attacher added to the root logger, or {@code null}. */
    @Nullable PostHogAppender attached() {
        return attached;
    }

    private PostHogAppender newAppender(LoggerContext loggerContext) {
        PostHogAppender appender = new PostHogAppender();
        appender.setContext(loggerContext);
        appender.setClient(client);
        appender.setMinimumLevel(logbackLevel(properties.minimumLevel()).toString());
        appender.setMdcKeys(String.join(",", properties.mdcKeys()));
        appender.setExcludedMdcKeys(String.join(",", properties.excludedMdcKeys()));
        appender.setDistinctIdMdcKey(properties.distinctIdMdcKey());
        appender.setRateLimitMaxPerType(properties.rateLimit().maxPerType());
        appender.setRateLimitWindowDuration(properties.rateLimit().window());
        return appender;
    }

    /** Logback has no FATAL: it is ERROR. */
    static Level logbackLevel(LogLevel level) {
        return switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            case ERROR, FATAL -> Level.ERROR;
            case OFF -> Level.OFF;
        };
    }

    private @Nullable PostHogAppender declaredAppender(Logger root) {
        Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof PostHogAppender declared && declared != attached) {
                return declared;
            }
        }
        return null;
    }

    /** Called by Logback inside its reset: takes no lock of this class, so it cannot deadlock with stop. */
    private void reattach(LoggerContext loggerContext) {
        PostHogAppender appender = attached;
        if (!running || appender == null) {
            return;
        }
        Logger root = loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!root.isAttached(appender)) {
            appender.start();
            root.addAppender(appender);
        }
    }

    /** Survives resets of the Logback context; a reset has just detached and stopped every appender. */
    private final class ReattachOnReset implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(LoggerContext loggerContext) {
        }

        @Override
        public void onReset(LoggerContext loggerContext) {
            reattach(loggerContext);
        }

        @Override
        public void onStop(LoggerContext loggerContext) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }
}
