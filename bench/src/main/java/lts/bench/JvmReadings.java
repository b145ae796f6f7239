package lts.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the API bench reads of its own JVM and machine: heap, GC time, load average. */
final class JvmReadings {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private JvmReadings() {
  }

  /** Heap used now, MB. */
  static double heapUsedMb() {
    return MEMORY.getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  /** Heap used after two {@code System.gc()} 200 ms apart, MB. */
  static double heapAfterGcMb() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return heapUsedMb();
  }

  /** Time spent in GC so far, all collectors, ms. */
  static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
  }

  /** The whole line of /proc/loadavg, or the 1-minute load average when it cannot be read. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** The nearest-rank {@code q} quantile (0..1) of ascending nanoseconds, in ms; NaN if none. */
  static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
