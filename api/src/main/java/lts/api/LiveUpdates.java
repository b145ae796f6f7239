package lts.api;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live push: Server-Sent Events clients per event code. {@link #publish} sends an
 * {@code update} event to every client of a feed (from {@code race-updates}, or after a settings
 * change); a {@code ping} event every 15 s keeps idle connections open through proxies and tells
 * the dashboard its stream is alive (a comment would not reach its script), so that it can reopen
 * a stream gone silent. What must not lag behind a push (the cached responses of the event)
 * registers with {@link #beforePush}.
 */
public final class LiveUpdates implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

  /** Where the changes made through this api go besides its own clients: the other replicas. */
  public interface Relay {
    /** No other replica to tell. */
    Relay NONE = (eventCode, json) -> { };

    void send(String eventCode, String json);
  }

  private final Relay relay;
  private final RaceClocks clocks = new RaceClocks(java.time.Clock.systemUTC());
  private volatile Supplier<String> feed = () -> null;
  private final Map<String, Set<SseClient>> clients = new ConcurrentHashMap<>();
  private final List<Consumer<String>> beforePush = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sse-ping");
    t.setDaemon(true);
    return t;
  });

  /** Pings every 15 s; the only replica. */
  public LiveUpdates() {
    this(Duration.ofSeconds(15), Relay.NONE);
  }

  /** Pings every {@code pingEvery}; the changes made here go to {@code relay} too. */
  public LiveUpdates(Duration pingEvery, Relay relay) {
    this.relay = java.util.Objects.requireNonNull(relay);
    long ms = pingEvery.toMillis();
    if (ms <= 0) {
      throw new IllegalArgumentException("the ping period must be positive, not " + pingEvery);
    }
    pings.scheduleAtFixedRate(this::ping, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * A change made through this api (a PUT): {@link #publish}ed here and sent to the other
   * replicas through the relay.
   */
  public void publishChange(String eventCode, String json) {
    publish(eventCode, json);
    relay.send(eventCode, json);
  }

  /** The race clock of each feed, measured on the notifications. */
  RaceClocks clocks() {
    return clocks;
  }

  /**
   * The source of the pushes from {@code lts metrics} (the {@code race-updates} listener): its
   * health, null while it runs. Should it stop, the dashboards would go on showing a frozen race,
   * so {@code /health} reports it.
   */
  void feedFrom(Supplier<String> health) {
    this.feed = java.util.Objects.requireNonNull(health);
  }

  /** Why the pushes from {@code lts metrics} do not flow, or null while they do (or none come). */
  String feedProblem() {
    return feed.get();
  }

  /** Registers a client of {@code eventCode} until it disconnects. */
  void add(String eventCode, SseClient client) {
    Set<SseClient> set = clients.computeIfAbsent(eventCode, k -> ConcurrentHashMap.newKeySet());
    client.keepAlive();
    client.sendComment("connected");
    // registered only once its stream is open: no update races the first comment
    client.onClose(() -> set.remove(client));
    set.add(client);
  }

  /**
   * Runs {@code listener} with the event code of every {@link #publish}, before any client is told
   * (a dashboard refreshing on the push must not get the old response).
   */
  void beforePush(Consumer<String> listener) {
    beforePush.add(listener);
  }

  /** Undoes {@link #beforePush}. */
  void removeBeforePush(Consumer<String> listener) {
    beforePush.remove(listener);
  }

  /**
   * Sends {@code json} as an {@code update} event to every client of {@code eventCode}, after the
   * {@link #beforePush} listeners have run.
   */
  public void publish(String eventCode, String json) {
    beforePush.forEach(l -> l.accept(eventCode));
    Set<SseClient> set = clients.get(eventCode);
    if (set == null) {
      return;
    }
    for (SseClient c : set) {
      try {
        if (c.terminated()) {
          set.remove(c);
        } else {
          c.sendEvent("update", json);
        }
      } catch (RuntimeException e) {
        log.debug("dropping SSE client of {}: {}", eventCode, e.toString());
        set.remove(c);
      }
    }
  }

  /** Clients connected now (all feeds). */
  public int clientCount() {
    return clients.values().stream().mapToInt(Set::size).sum();
  }

  private void ping() {
    clients.forEach((code, set) -> set.forEach(c -> {
      try {
        if (c.terminated()) {
          set.remove(c);
          return;
        }
        c.sendEvent("ping", "{}");
      } catch (RuntimeException e) {
        set.remove(c);
      }
    }));
  }

  /**
   * Stops pushing and forgets the clients. Call it before the HTTP server stops: the server's own
   * shutdown ends the streams (closing them here after the server stopped makes Javalin fail on
   * recycled responses).
   */
  @Override
  public void close() {
    pings.shutdownNow();
    clients.clear();
  }
}
