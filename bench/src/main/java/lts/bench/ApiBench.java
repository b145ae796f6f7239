package lts.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import lts.api.ApiServer;
import lts.api.LiveUpdates;
import lts.api.ResponseCache;
import lts.contracts.RaceEventCodec;
import lts.core.protocol.ApexEngine;
import lts.kafka.broker.EmbeddedKafka;
import lts.strategy.MetricsService;

/**
 * Load benchmark of the API: a program, not a JMH benchmark nor a test.
 *
 * <pre>
 * java -Xmx300m -cp bench/target/benchmarks.jar lts.bench.ApiBench [standings|sse] [h2|mariadb]
 * </pre>
 *
 * <p>Setup (both modes): the recording (default the 12 h Santos race, {@code -Drecording=PATH})
 * through the real {@link ApexEngine}, its events as JSON ({@link RaceEventCodec}) into an
 * {@link EmbeddedKafka} topic, the real {@link MetricsService} run until it has committed every
 * offset into the database (H2 in MySQL mode in memory, or a fresh MariaDB database
 * {@code lts_bench_<random>} on 127.0.0.1:3306 as root without password, dropped at the end);
 * then Kafka is stopped and {@link ApiServer} started on a free port, in this JVM.
 *
 * <ul>
 *   <li>{@code standings}: {@code -Dclients=50} threads sharing one {@link HttpClient} (HTTP/1.1,
 *       keep-alive) send {@code GET /api/v1/events/{code}/standings} back to back for
 *       {@code -Dwarmup=10} s, then {@code -Dseconds=30} s measured: requests/s and latency
 *       percentiles, {@code /proc/loadavg} at the start and the end, the CPU time of the server's
 *       threads, the clients' threads and the rest of the process (GC, JIT), and the response
 *       cache's hits and misses. {@code -DcacheMs=N} sets the api's cache max age (default that
 *       of {@code lts api}, 1000; 0: no cache, every request queries the database);
 *       {@code -Dclient=raw} replaces the {@link HttpClient} by a minimal blocking HTTP/1.1 client
 *       per thread (see {@link RawClient}).</li>
 *   <li>{@code sse}: {@code -Dclients=500} SSE clients on {@code /api/v1/events/{code}/stream};
 *       one {@link LiveUpdates#publish} a second for {@code -Dseconds=30} s; every client must
 *       receive every update; delivery latency percentiles and heap used after {@code System.gc()}
 *       (the server and the clients share this JVM, so the heap figure is an upper bound of the
 *       server's).</li>
 * </ul>
 */
public final class ApiBench {

  private ApiBench() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "standings";
    String dbKind = args.length > 1 ? args[1] : "h2";
    if (!mode.equals("standings") && !mode.equals("sse")) {
      throw new IllegalArgumentException("usage: ApiBench [standings|sse] [h2|mariadb]");
    }
    Path recording = Path.of(System.getProperty("recording",
        "../shared/data/apex/santos-12h-2026-04-25.log.gz"));
    System.out.printf("ApiBench %s on %s: %d CPUs, max heap %d MB, load %.2f, java %s%n", mode,
        dbKind, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"));

    BenchDatabase database = BenchDatabase.open(dbKind);
    ApiServer server = null;
    LiveUpdates updates = new LiveUpdates();
    try {
      String code = StoredRace.fill(database.db(), recording);
      System.gc();
      Duration cacheMaxAge = Duration.ofMillis(Long.getLong("cacheMs",
          ResponseCache.DEFAULT_MAX_AGE.toMillis()));
      server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, "t", cacheMaxAge),
          database.db().dataSource(), updates, () -> "");
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/events/" + code;
      if (mode.equals("standings")) {
        System.out.printf("standings: response cache max age %d ms%n", cacheMaxAge.toMillis());
        StandingsLoad.run(base + "/standings", server.responses());
      } else {
        SseLoad.run(base + "/stream", code, updates);
      }
    } finally {
      if (server != null) {
        server.close();
      }
      // not updates.close(): after the server has stopped, closing 500 SSE clients made Javalin
      // log NullPointerExceptions from its exception handler for minutes (seen on the first run);
      // System.exit below ends the clients anyway
      database.close();
    }
    System.exit(0);
  }
}
