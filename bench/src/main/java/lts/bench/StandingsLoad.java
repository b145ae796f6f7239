package lts.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lts.api.ResponseCache;

/**
 * {@code ApiBench standings}: {@code -Dclients} threads send {@code GET .../standings} back to
 * back for {@code -Dwarmup} s, then {@code -Dseconds} s measured; {@code -Dclient=raw} uses a
 * {@link RawClient} per thread instead of the shared {@link HttpClient}.
 */
final class StandingsLoad {

  /** One edge of the measured window: CPU, load and the response cache's counts then. */
  private record WindowEdge(CpuSample cpu, String load, long hits, long misses) {

    static WindowEdge now(ResponseCache responses) {
      return new WindowEdge(CpuSample.now(), JvmReadings.loadAverage(), responses.hits(),
          responses.misses());
    }
  }

  private volatile WindowEdge opened;
  private volatile WindowEdge closed;

  private StandingsLoad() {
  }

  static void run(String url, ResponseCache responses) throws Exception {
    new StandingsLoad().measure(url, responses);
  }

  private void measure(String url, ResponseCache responses) throws Exception {
    int clients = Integer.getInteger("clients", 50);
    int warmup = Integer.getInteger("warmup", 10);
    int seconds = Integer.getInteger("seconds", 30);
    boolean rawClient = System.getProperty("client", "jdk").equals("raw");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET()
        .timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> first = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + ": " + first.statusCode() + " "
          + new String(first.body(), StandardCharsets.UTF_8));
    }
    System.out.printf("standings: GET %s -> %d, %,d bytes; %d clients (%s), %d s warm-up, %d s "
        + "measured%n", url, first.statusCode(), first.body().length, clients,
        rawClient ? "raw sockets" : "java.net.http.HttpClient", warmup, seconds);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    AtomicLong threadIds = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients,
        r -> new Thread(r, "bench-client-" + threadIds.incrementAndGet()));
    List<Future<long[]>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      results.add(pool.submit(() -> client(url, http, request, rawClient, errors, measureFrom,
          measureTo)));
    }
    long gcBefore = JvmReadings.gcMillis();
    // the measured window only: CPU, load and cache counts when it opens and when it closes
    Thread sampler = new Thread(() -> {
      try {
        sleepUntil(measureFrom);
        opened = WindowEdge.now(responses);
        sleepUntil(measureTo);
        closed = WindowEdge.now(responses);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-sampler");
    sampler.start();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    long end = System.nanoTime();
    sampler.join();
    pool.shutdown();
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double measured = (Math.min(end, measureTo) - measureFrom) / 1e9;
    System.out.printf("standings RESULT: %,d requests in %.1f s = %,.0f req/s; latency ms p50 %.2f "
        + "p95 %.2f p99 %.2f max %.2f; errors %d; GC %d ms during the run; p99 < 20 ms: %s%n",
        lat.length, measured, lat.length / measured, JvmReadings.ms(lat, 0.50),
        JvmReadings.ms(lat, 0.95), JvmReadings.ms(lat, 0.99), lat[lat.length - 1] / 1e6,
        errors.get(), JvmReadings.gcMillis() - gcBefore,
        JvmReadings.ms(lat, 0.99) < 20 ? "MET" : "NOT MET");
    System.out.printf("standings: load average (/proc/loadavg) at the start of the measured window "
        + "'%s', at its end '%s'%n", opened == null ? null : opened.load(),
        closed == null ? null : closed.load());
    System.out.printf("standings: response cache in the window: %,d hits, %,d misses%n",
        (closed == null ? 0 : closed.hits()) - (opened == null ? 0 : opened.hits()),
        (closed == null ? 0 : closed.misses()) - (opened == null ? 0 : opened.misses()));
    if (opened != null && closed != null) {
      int cpus = Runtime.getRuntime().availableProcessors();
      System.out.println("standings: CPU in the window (" + cpus + " CPUs = "
          + String.format("%.0f", cpus * measured) + " CPU-s available): "
          + closed.cpu().minus(opened.cpu(), lat.length));
    }
    System.gc();
    System.out.printf("standings: heap used after GC %.1f MB%n", JvmReadings.heapUsedMb());
  }

  /** One client thread: requests back to back until {@code measureTo}; the measured latencies. */
  private static long[] client(String url, HttpClient http, HttpRequest request,
      boolean rawClient, AtomicLong errors, long measureFrom, long measureTo) {
    long[] lat = new long[4096];
    int n = 0;
    RawClient raw = rawClient ? new RawClient(URI.create(url)) : null;
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= measureTo) {
        break;
      }
      try {
        int status = raw != null ? raw.get()
            : http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        if (status != 200) {
          errors.incrementAndGet();
        }
      } catch (Exception e) {
        errors.incrementAndGet();
        if (raw != null) {
          raw.close();
        }
      }
      long t1 = System.nanoTime();
      if (t0 >= measureFrom) {
        if (n == lat.length) {
          lat = Arrays.copyOf(lat, n * 2);
        }
        lat[n++] = t1 - t0;
      }
    }
    if (raw != null) {
      raw.close();
    }
    return Arrays.copyOf(lat, n);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
