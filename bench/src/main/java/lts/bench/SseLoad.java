package lts.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lts.api.LiveUpdates;

/**
 * {@code ApiBench sse}: {@code -Dclients} SSE clients ({@link SseCounter}) on the event's stream,
 * one {@link LiveUpdates#publish} a second for {@code -Dseconds} s; every client must receive
 * every update.
 */
final class SseLoad {

  private SseLoad() {
  }

  static void run(String url, String code, LiveUpdates updates) throws Exception {
    int clients = Integer.getInteger("clients", 500);
    int seconds = Integer.getInteger("seconds", 30);
    double before = JvmReadings.heapAfterGcMb();
    System.out.printf("sse: %s, %d clients, %d updates (1/s); heap used after GC before the "
        + "clients %.1f MB%n", url, clients, seconds, before);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "text/event-stream").GET().build();
    List<SseCounter> counters = new ArrayList<>();
    List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      SseCounter c = new SseCounter(seconds);
      counters.add(c);
      responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(c)));
    }
    // a client whose connection failed (e.g. connect timeout on a loaded machine) reconnects, as
    // a browser's EventSource would, up to 5 times
    int reconnects = 0;
    String firstFailure = null;
    long deadline = System.currentTimeMillis() + 90_000;
    while (counters.stream().anyMatch(c -> !c.connected)) {
      for (int i = 0; i < clients; i++) {
        var r = responses.get(i);
        SseCounter c = counters.get(i);
        if (!c.connected && (r.isCompletedExceptionally() || c.failure != null
            || (r.isDone() && c.completed))) {
          if (firstFailure == null) {
            firstFailure = r.isCompletedExceptionally()
                ? r.handle((v, e) -> String.valueOf(e)).join() : String.valueOf(c.failure);
          }
          if (++reconnects > 5 * clients) {
            throw new IllegalStateException("too many failed SSE connections: " + firstFailure);
          }
          SseCounter fresh = new SseCounter(seconds);
          counters.set(i, fresh);
          responses.set(i, http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(fresh)));
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + updates.clientCount() + " of " + clients
            + " SSE clients connected in 90 s; first failure " + firstFailure);
      }
      Thread.sleep(50);
    }
    System.out.printf("sse: %d reconnects while connecting (first failure: %s)%n", reconnects,
        firstFailure);
    System.out.printf("sse: %d clients connected in %.2f s; heap used after GC %.1f MB%n",
        updates.clientCount(), (System.nanoTime() - t0) / 1e9, JvmReadings.heapAfterGcMb());
    double maxUsed = 0;
    long publishNanos = 0;
    for (int seq = 0; seq < seconds; seq++) {
      long next = t0 = System.nanoTime();
      String json = "{\"event_code\":\"" + code + "\",\"tables\":[\"standings\",\"laps\"],\"seq\":"
          + seq + ",\"sent\":" + next + ",\"at\":" + System.currentTimeMillis() + "}";
      updates.publish(code, json);
      publishNanos = Math.max(publishNanos, System.nanoTime() - t0);
      maxUsed = Math.max(maxUsed, JvmReadings.heapUsedMb());
      long sleep = TimeUnit.NANOSECONDS.toMillis(next + 1_000_000_000L - System.nanoTime());
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
    }
    deadline = System.currentTimeMillis() + 10_000;
    while (counters.stream().anyMatch(c -> c.received < seconds)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    double after = JvmReadings.heapAfterGcMb();
    long complete = counters.stream().filter(c -> c.received == seconds).count();
    int minReceived = counters.stream().mapToInt(c -> c.received).min().orElse(0);
    long failed = counters.stream().filter(c -> c.failure != null || c.completed).count();
    long[] lat = counters.stream().flatMapToLong(c -> Arrays.stream(c.latency))
        .filter(v -> v > 0).sorted().toArray();
    System.out.printf("sse RESULT: %d/%d clients received all %d updates (min %d), %d closed or "
        + "failed; delivery latency ms p50 %.2f p95 %.2f p99 %.2f max %.2f (%,d deliveries); "
        + "slowest publish() %.1f ms; heap used after GC with %d clients %.1f MB (before %.1f MB); "
        + "max heap used sampled %.1f MB; under 300 MB: %s%n", complete, clients, seconds,
        minReceived, failed, JvmReadings.ms(lat, 0.50), JvmReadings.ms(lat, 0.95),
        JvmReadings.ms(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, lat.length, publishNanos / 1e6,
        updates.clientCount(), after, before, maxUsed, after < 300 ? "YES" : "NO");
    responses.forEach(r -> r.cancel(true));
  }
}
