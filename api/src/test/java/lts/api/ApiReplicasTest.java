package lts.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.testkit.TestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two api replicas over one database and a real Kafka broker, as in Kubernetes: a settings PUT
 * through one reaches the dashboards of the other (its SSE stream, and its cached responses,
 * which never age out here) through {@code race-updates}, and those of its own once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiReplicasTest {

  private static final String TOKEN = "s3cret";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<AutoCloseable> running = new ArrayList<>();
  private EmbeddedKafka kafka;
  private String topic;
  private ApiTestDatabase database;
  private Replica replicaA;
  private Replica replicaB;

  /** A running api and the data of the {@code update}s its stream of santos sent so far. */
  private record Replica(ApiServer server, BlockingQueue<String> updates) {
  }

  @BeforeAll
  void start() throws Exception {
    kafka = TestBroker.shared(1, Topics.ALL);
    topic = "race-updates-replicas-" + System.nanoTime();
    kafka.createTopics(List.of(topic), 1);
    database = new ApiTestDatabase(false);
    database.insertRunningRace("santos", System.currentTimeMillis());
    replicaA = replica();
    replicaB = replica();
  }

  @Test
  void aRaceUpdatesListenerThatFailsTakesTheApiOutOfService() throws Exception {
    // a topic Kafka refuses: the listener's poll fails, its loop stops for good
    LiveUpdates updates = new LiveUpdates();
    RaceUpdatesListener listener = new RaceUpdatesListener(kafka.bootstrapServers(),
        "no such topic!", updates);
    ApiServer server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, TOKEN,
        Duration.ofHours(1)), database.db.dataSource(), updates, () -> "");
    try {
      URI health = URI.create("http://127.0.0.1:" + server.port() + "/health");
      @SuppressWarnings("unchecked")
      HttpResponse<String>[] last = new HttpResponse[1];
      lts.testkit.Await.until(Duration.ofSeconds(30), () -> {
        try {
          last[0] = http.send(HttpRequest.newBuilder(health).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return last[0].statusCode() == 503;
      }, () -> "health: " + last[0].statusCode() + " " + last[0].body());
      assertThat(last[0].body()).contains("\"status\":\"DOWN\"")
          .contains("race-updates listener failed").contains("no such topic!");
    } finally {
      server.close();
      listener.close();
      updates.close();
    }
  }

  /** One api as ApiCommand starts it with Kafka (publisher, push, listener, HTTP server), watched. */
  private Replica replica() throws Exception {
    RaceUpdatesPublisher publisher = new RaceUpdatesPublisher(kafka.bootstrapServers(), topic);
    LiveUpdates updates = new LiveUpdates(Duration.ofSeconds(15), publisher);
    RaceUpdatesListener listener = new RaceUpdatesListener(kafka.bootstrapServers(), topic, updates,
        publisher.origin());
    ApiServer server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, TOKEN,
        Duration.ofHours(1)), database.db.dataSource(), updates, () -> "");
    running.add(0, publisher);
    running.add(0, server);
    running.add(0, updates);
    running.add(0, listener);
    return new Replica(server, streamOf(server));
  }

  /** Collects the data of every {@code update} on the stream of santos of {@code server}. */
  private BlockingQueue<String> streamOf(ApiServer server) throws Exception {
    BlockingQueue<String> updates = new LinkedBlockingQueue<>();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
            uri(server, "/api/v1/events/santos/stream")).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    running.add(0, stream.body());
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        boolean update = false;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("event: ")) {
            update = line.equals("event: update");
          } else if (update && line.startsWith("data: ")) {
            updates.add(line.substring(6));
          }
        }
      } catch (Exception e) {
        // the stream is closed at the end
      }
    }, "replica-stream");
    reader.setDaemon(true);
    reader.start();
    return updates;
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : running) {
      c.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static URI uri(ApiServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private String get(ApiServer server, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(server, path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** Sends a race update straight to the topic, as {@code lts metrics} would. */
  private void send(KafkaProducer<String, byte[]> producer, String json) throws Exception {
    producer.send(new ProducerRecord<>(topic, "santos", json.getBytes(StandardCharsets.UTF_8))).get();
  }

  private static String marker(String name) {
    return "{\"event_code\":\"santos\",\"session\":null,\"tables\":[\"" + name + "\"],\"at\":null}";
  }

  /**
   * Takes the updates of a replica's stream up to the marker table {@code name} (sent after what is
   * awaited: one topic partition keeps the order, so the marker is the signal that nothing else
   * is coming), without the marker.
   */
  private List<String> until(Replica replica, String name) throws Exception {
    List<String> before = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String u = replica.updates().poll(1, TimeUnit.SECONDS);
      if (u != null && u.contains("\"" + name + "\"")) {
        return before;
      }
      if (u != null) {
        before.add(u);
      }
    }
    throw new AssertionError("marker " + name + " not on the stream; got " + before);
  }

  /** Until both replicas hear race-updates: a listener reads from the newest record on, once assigned. */
  private void awaitBothListening(KafkaProducer<String, byte[]> producer) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean a = false;
    boolean b = false;
    while (!(a && b) && System.nanoTime() < deadline) {
      send(producer, marker("probe"));
      a |= replicaA.updates().poll(500, TimeUnit.MILLISECONDS) != null;
      b |= replicaB.updates().poll(500, TimeUnit.MILLISECONDS) != null;
    }
    assertThat(a && b).as("both replicas hear race-updates (A %s, B %s)", a, b).isTrue();
    String end = "listening-" + System.nanoTime();
    send(producer, marker(end));
    until(replicaA, end);
    until(replicaB, end);
  }

  @Test
  void aSettingsChangeThroughOneReplicaReachesTheDashboardsOfTheOther() throws Exception {
    assertThat(get(replicaB.server(), "/api/v1/events/santos/settings")).contains("\"pit_rows\":2");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        KafkaClients.producer(kafka.bootstrapServers(), "metrics-like"))) {
      awaitBothListening(producer);
      putPitRows3AndCheckBothReplicas(producer);
    }
  }

  private void putPitRows3AndCheckBothReplicas(KafkaProducer<String, byte[]> producer)
      throws Exception {
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(
            uri(replicaA.server(), "/api/v1/events/santos/settings"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"pit_rows\":3}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    String update = replicaB.updates().poll(15, TimeUnit.SECONDS);
    assertThat(update).as("an update on replica B's stream").isNotNull().contains("\"settings\"");
    assertThat(get(replicaB.server(), "/api/v1/events/santos/settings"))
        .as("B's cached settings dropped").contains("\"pit_rows\":3");
    assertThat(update).as("one shape: event code, session, tables, at")
        .isEqualTo("{\"event_code\":\"santos\",\"session\":null,\"tables\":[\"settings\"],"
            + "\"at\":null}");
    // A pushed the change itself; its copy came back through race-updates as B's did: left out
    String end = "after-put-" + System.nanoTime();
    send(producer, marker(end));
    assertThat(until(replicaA, end)).as("updates on replica A's stream").hasSize(1)
        .allMatch(u -> u.contains("\"settings\""));
  }

  @Test
  void aRecordThatIsNotARaceUpdateNeverReachesADashboard() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        KafkaClients.producer(kafka.bootstrapServers(), "hostile"))) {
      awaitBothListening(producer);
      send(producer, "<script>alert(1)</script>");
      send(producer, "{\"event_code\":\"Santos 12h\",\"tables\":[\"teams\"]}");
      send(producer, "{\"event_code\":\"santos\",\"tables\":\"teams\"}");
      String end = "after-bad-" + System.nanoTime();
      send(producer, marker(end));
      assertThat(until(replicaB, end)).as("bad records forwarded to B's stream").isEmpty();
    }
  }
}
