package lts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import lts.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** The cache's clock, moved by hand: no test waits for time to pass. */
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ResponseCache cache = new ResponseCache(MAX_AGE, nanos::get);
  private final AtomicInteger computations = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  private Supplier<byte[]> body(String text) {
    return () -> {
      computations.incrementAndGet();
      return bytes(text);
    };
  }

  private static String text(ResponseCache.Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aBodyIsComputedOnceAndServedAgainUntilItsEventIsInvalidated() {
    assertThat(text(cache.get("santos", "standings", body("v1")))).isEqualTo("v1");
    assertThat(text(cache.get("santos", "standings", body("v2")))).isEqualTo("v1");
    assertThat(computations).hasValue(1);

    cache.invalidate("santos");

    assertThat(text(cache.get("santos", "standings", body("v2")))).isEqualTo("v2");
    assertThat(computations).hasValue(2);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(2);
  }

  @Test
  void anInvalidationOfAnotherEventKeepsTheBodyButDropsTheEventsList() {
    cache.get("santos", "standings", body("santos v1"));
    cache.get(ResponseCache.EVERY_EVENT, "events", body("events v1"));

    cache.invalidate("tavira");

    assertThat(text(cache.get("santos", "standings", body("santos v2")))).isEqualTo("santos v1");
    assertThat(text(cache.get(ResponseCache.EVERY_EVENT, "events", body("events v2"))))
        .isEqualTo("events v2");
  }

  @Test
  void routesOfOneEventAreCachedApart() {
    cache.get("santos", "standings", body("standings"));
    assertThat(text(cache.get("santos", "pit-lane", body("pit lane")))).isEqualTo("pit lane");
    assertThat(text(cache.get("tavira", "standings", body("tavira")))).isEqualTo("tavira");
    assertThat(computations).hasValue(3);
  }

  @Test
  void aBodyOlderThanTheMaxAgeIsComputedAgain() {
    cache.get("santos", "standings", body("v1"));
    advance(MAX_AGE.minusMillis(1));
    assertThat(text(cache.get("santos", "standings", body("v2")))).isEqualTo("v1");

    advance(Duration.ofMillis(1));

    assertThat(text(cache.get("santos", "standings", body("v2")))).isEqualTo("v2");
    assertThat(computations).hasValue(2);
  }

  @Test
  void whileAnAgedBodyIsRefreshedTheOtherRequestsGetThePreviousOne() throws Exception {
    cache.get("santos", "standings", body("v1"));
    advance(MAX_AGE.plusMillis(500));
    HeldComputation refresh = new HeldComputation("santos", () -> bytes("v2"));

    assertThat(text(cache.get("santos", "standings", body("never")))).isEqualTo("v1");

    refresh.release.countDown();
    assertThat(text(refresh.result.get(10, TimeUnit.SECONDS))).isEqualTo("v2");
    assertThat(text(cache.get("santos", "standings", body("never")))).isEqualTo("v2");
    assertThat(computations).hasValue(1);
  }

  @Test
  void aBodyTwiceTheMaxAgeOldIsNotServedWhileItIsRefreshed() throws Exception {
    cache.get("santos", "standings", body("v1"));
    advance(MAX_AGE.multipliedBy(2));
    HeldComputation refresh = new HeldComputation("santos", () -> bytes("v2"));

    Future<ResponseCache.Response> waiting = pool.submit(() -> cache.get("santos", "standings",
        body("never")));
    awaitHits(1); // this one waits for the refresh instead of getting the old body
    refresh.release.countDown();

    assertThat(text(waiting.get(10, TimeUnit.SECONDS))).isEqualTo("v2");
    assertThat(text(refresh.result.get(10, TimeUnit.SECONDS))).isEqualTo("v2");
    assertThat(computations).hasValue(1);
  }

  @Test
  void aBodyThatAnInvalidationOvertookIsNotServedAsFreshAfterwards() {
    // the notification arrives while the body is being computed from the old rows
    ResponseCache.Response old = cache.get("santos", "standings", () -> {
      cache.invalidate("santos");
      return bytes("old rows");
    });
    assertThat(text(old)).isEqualTo("old rows");

    assertThat(text(cache.get("santos", "standings", body("new rows")))).isEqualTo("new rows");
    assertThat(text(cache.get("santos", "standings", body("never")))).isEqualTo("new rows");
  }

  @Test
  void afterAnInvalidationNobodyGetsThePreviousBodyWhileTheNewOneIsComputed() throws Exception {
    cache.get("santos", "standings", body("v1"));
    cache.invalidate("santos");
    HeldComputation first = new HeldComputation("santos", () -> bytes("v2"));

    Future<ResponseCache.Response> second = pool.submit(() -> cache.get("santos", "standings",
        body("never")));
    awaitHits(1);
    first.release.countDown();

    assertThat(text(second.get(10, TimeUnit.SECONDS))).isEqualTo("v2");
    assertThat(text(first.result.get(10, TimeUnit.SECONDS))).isEqualTo("v2");
  }

  @Test
  void concurrentMissesOfOneKeyComputeOnce() throws Exception {
    int clients = 50;
    CountDownLatch release = new CountDownLatch(1);
    Supplier<byte[]> slow = () -> {
      computations.incrementAndGet();
      await(release);
      return bytes("standings");
    };
    List<Future<ResponseCache.Response>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      results.add(pool.submit(() -> cache.get("santos", "standings", slow)));
    }
    awaitHits(clients - 1); // every other request waits for the one computing

    release.countDown();

    for (Future<ResponseCache.Response> r : results) {
      assertThat(text(r.get(10, TimeUnit.SECONDS))).isEqualTo("standings");
    }
    assertThat(computations).hasValue(1);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void aFailureReachesTheWaitingRequestsAndIsNotKept() throws Exception {
    HeldComputation first = new HeldComputation("nope", () -> {
      throw ApiException.notFound("no event 'nope'");
    });
    Future<ResponseCache.Response> second = pool.submit(() -> cache.get("nope", "standings",
        body("never")));
    awaitHits(1);

    first.release.countDown();

    assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class);
    assertThatThrownBy(() -> first.result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class);
    assertThat(text(cache.get("nope", "standings", body("now it exists")))).isEqualTo("now it exists");
  }

  @Test
  void aZeroMaxAgeComputesEveryRequest() {
    ResponseCache none = new ResponseCache(Duration.ZERO, nanos::get);
    none.get("santos", "standings", body("v1"));
    assertThat(text(none.get("santos", "standings", body("v2")))).isEqualTo("v2");
    assertThat(computations).hasValue(2);
    assertThatThrownBy(() -> new ResponseCache(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEntityTagFollowsTheBody() {
    ResponseCache.Response a = ResponseCache.response(bytes("{\"a\":1}"));
    ResponseCache.Response same = ResponseCache.response(bytes("{\"a\":1}"));
    ResponseCache.Response other = ResponseCache.response(bytes("{\"a\":2}"));
    assertThat(a.etag()).startsWith("W/\"").endsWith("\"").isEqualTo(same.etag())
        .isNotEqualTo(other.etag());
  }

  @Test
  void hitsAndMissesAreMetrics() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    cache.bindTo(registry);
    cache.get("santos", "standings", body("v1"));
    cache.get("santos", "standings", body("v1"));
    cache.get("santos", "standings", body("v1"));
    assertThat(registry.get("lts.api.cache.requests").tag("result", "hit").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("lts.api.cache.requests").tag("result", "miss").functionCounter().count())
        .isEqualTo(1);
  }

  private void awaitHits(long n) {
    Await.until(Duration.ofSeconds(10), () -> cache.hits() >= n,
        () -> n + " requests waiting for the computation, " + cache.hits() + " seen");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A request for {@code code}'s standings whose computation has begun (the constructor waits for
   * that) and holds until {@code release} opens, then gives {@code then}'s body (not counted in
   * {@link #computations}) or its exception.
   */
  private final class HeldComputation {
    final CountDownLatch release = new CountDownLatch(1);
    final Future<ResponseCache.Response> result;

    HeldComputation(String code, Supplier<byte[]> then) throws InterruptedException {
      CountDownLatch computing = new CountDownLatch(1);
      result = pool.submit(() -> cache.get(code, "standings", () -> {
        computing.countDown();
        await(release);
        return then.get();
      }));
      assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
