package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.lang.management.ManagementFactory;

/** CPU time (user + sys) of this JVM process. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU the process used so far, or -1 where the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
