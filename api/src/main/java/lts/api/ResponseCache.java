package lts.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The serialized JSON bodies of the race-wide read routes, one per (scope, route), computed once
 * and served again until the data of the scope changes.
 *
 * <ul>
 *   <li>{@link #invalidate(String)} (every change notification of an event) drops the event's
 *       bodies and those of {@link #EVERY_EVENT}. Each scope has a generation counter; a request
 *       reads it <em>before</em> computing and only a body of that generation is fresh for it, so
 *       a computation that an invalidation overtook is never served as fresh afterwards.</li>
 *   <li>A body is fresh for at most the max age (measured from the start of its computation):
 *       an api without notifications (no Kafka, or a second replica) converges, and the
 *       clock-dependent {@code status} stays honest. The first request after the max age
 *       recomputes; the requests that arrive meanwhile get the previous body (same generation,
 *       never older than twice the max age) rather than queue behind it.</li>
 *   <li>Concurrent misses of one key compute once: the others wait for that computation (single
 *       flight). A failure (404, database down) is shared by those waiting but never kept.</li>
 * </ul>
 */
public final class ResponseCache implements MeterBinder {

  /** Max age unless configured. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);
  /**
   * Scope of the responses about every event (the events list): any invalidation drops them. Not
   * a valid event code.
   */
  public static final String EVERY_EVENT = "*";

  /** A body and its (weak) entity tag. */
  public record Response(byte[] body, String etag) {
  }

  private record Key(String scope, String route) {
  }

  /** A body computed for a generation, whose computation started at {@code startedAt}. */
  private record Computed(long generation, long startedAt, Response response) {
  }

  /** A computation under way. */
  private record Flight(long generation, long startedAt, CompletableFuture<Response> result) {
  }

  /** The state of one key; {@code flight} and the writes of {@code current} under its lock. */
  private static final class Slot {
    volatile Computed current;
    Flight flight;
  }

  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** @param maxAge how long a body is served at most; zero: no caching */
  public ResponseCache(Duration maxAge) {
    this(maxAge, System::nanoTime);
  }

  ResponseCache(Duration maxAge, LongSupplier nanoTime) {
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("the max age must be zero or positive, not " + maxAge);
    }
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The body of {@code route} in {@code scope} (an event code, or {@link #EVERY_EVENT}): the
   * cached one, or the one {@code compute} makes now. Exceptions of {@code compute} propagate to
   * every request waiting for it.
   */
  public Response get(String scope, String route, Supplier<byte[]> compute) {
    if (maxAgeNanos == 0) {
      misses.increment();
      return response(compute.get());
    }
    long generation = generation(scope);
    Key key = new Key(scope, route);
    Slot slot = slots.get(key);
    if (slot == null) {
      slot = slots.computeIfAbsent(key, k -> new Slot());
    }
    long now = nanoTime.getAsLong();
    Computed c = slot.current;
    if (isFresh(c, generation, now)) {
      hits.increment();
      return c.response();
    }
    Flight flight;
    boolean mine = false;
    synchronized (slot) {
      c = slot.current;
      if (isFresh(c, generation, now)) {
        hits.increment();
        return c.response();
      }
      flight = slot.flight;
      if (flight == null || flight.generation() < generation) {
        flight = new Flight(generation, now, new CompletableFuture<>());
        slot.flight = flight;
        mine = true;
      }
    }
    if (mine) {
      return compute(key, slot, flight, compute);
    }
    hits.increment();
    if (c != null && c.generation() == generation && now - c.startedAt() < 2 * maxAgeNanos) {
      return c.response(); // only aged: the request computing the next one refreshes it
    }
    return await(flight.result());
  }

  /** Drops the bodies of {@code eventCode} and of {@link #EVERY_EVENT}. */
  public void invalidate(String eventCode) {
    generations.computeIfAbsent(eventCode, k -> new AtomicLong()).incrementAndGet();
    if (!EVERY_EVENT.equals(eventCode)) {
      generations.computeIfAbsent(EVERY_EVENT, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Requests served from a body computed before (or by another request's computation). */
  public long hits() {
    return hits.sum();
  }

  /** Bodies computed. */
  public long misses() {
    return misses.sum();
  }

  /** {@code lts_api_cache_requests_total{result="hit"|"miss"}}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    String description = "Requests of the cached API routes: hit (a cached response, or another "
        + "request's computation), miss (computed)";
    FunctionCounter.builder("lts.api.cache.requests", hits, LongAdder::doubleValue).tag("result", "hit")
        .description(description).register(registry);
    FunctionCounter.builder("lts.api.cache.requests", misses, LongAdder::doubleValue).tag("result", "miss")
        .description(description).register(registry);
  }

  private Response compute(Key key, Slot slot, Flight flight, Supplier<byte[]> compute) {
    misses.increment();
    Response response;
    try {
      response = response(compute.get());
    } catch (RuntimeException | Error e) {
      synchronized (slot) {
        if (slot.flight == flight) {
          slot.flight = null;
        }
        if (slot.current == null) {
          slots.remove(key, slot); // never answered (unknown event or team): keep nothing
        }
      }
      flight.result().completeExceptionally(e);
      throw e;
    }
    synchronized (slot) {
      Computed c = slot.current;
      if (c == null || c.generation() < flight.generation()
          || (c.generation() == flight.generation() && c.startedAt() - flight.startedAt() <= 0)) {
        slot.current = new Computed(flight.generation(), flight.startedAt(), response);
      }
      if (slot.flight == flight) {
        slot.flight = null;
      }
    }
    flight.result().complete(response);
    return response;
  }

  private boolean isFresh(Computed c, long generation, long now) {
    return c != null && c.generation() == generation && now - c.startedAt() < maxAgeNanos;
  }

  private long generation(String scope) {
    AtomicLong g = generations.get(scope);
    return g == null ? 0 : g.get();
  }

  private static Response await(CompletableFuture<Response> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw e;
    }
  }

  static Response response(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return new Response(body, "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ResponseCache[" + slots.size() + " keys, " + hits() + " hits, " + misses() + " misses]";
  }
}
