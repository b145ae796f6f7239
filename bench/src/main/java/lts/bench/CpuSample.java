package lts.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** CPU time of this process and of its threads by kind, at one moment. */
record CpuSample(long process, long server, long clients, long httpClient, long other) {

  static CpuSample now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long server = 0;
    long clients = 0;
    long httpClient = 0;
    long other = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      String name = info.getThreadName();
      if (name.startsWith("JettyServerThreadPool")) {
        server += t;
      } else if (name.startsWith("bench-client-")) {
        clients += t;
      } else if (name.startsWith("HttpClient-")) {
        httpClient += t;
      } else {
        other += t;
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    return new CpuSample(process, server, clients, httpClient, other);
  }

  /**
   * What was spent between {@code before} and this sample. Threads that ended in between are
   * missing from the thread sums, so "rest of the process" (GC, JIT, ended threads) is the
   * process CPU minus the sums of the live threads.
   */
  String minus(CpuSample before, long requests) {
    double p = (process - before.process) / 1e9;
    double s = (server - before.server) / 1e9;
    double c = (clients - before.clients) / 1e9;
    double h = (httpClient - before.httpClient) / 1e9;
    double o = (other - before.other) / 1e9;
    return String.format("process %.1f CPU-s; server (Jetty threads) %.1f s = %.0f µs/request; "
        + "load clients (their threads %.1f s + HttpClient's %.1f s) %.1f s = %.0f µs/request; "
        + "other live threads %.1f s; rest (GC, JIT, ended threads) %.1f s", p, s,
        s * 1e6 / Math.max(1, requests), c, h, c + h, (c + h) * 1e6 / Math.max(1, requests), o,
        p - s - c - h - o);
  }
}
