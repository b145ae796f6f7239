package lts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import lts.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The response cache of the API over real HTTP and H2: a change reaches the clients with its
 * notification (not before, not later), per event; one computation for many concurrent requests;
 * ETag and 304. The cache's max age is an hour here, so only notifications make changes visible.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerCachingTest {

  private static final String TOKEN = "s3cret";
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiTestDatabase database;
  private CountingDataSource dataSource;
  private LiveUpdates updates;
  private ApiServer server;

  @BeforeAll
  void start() throws Exception {
    database = new ApiTestDatabase(false);
    long now = System.currentTimeMillis();
    for (String code : List.of("santos", "tavira")) {
      database.insertRunningRace(code, now);
      database.execute(
          "INSERT INTO teams (event_code, session, row_id, number, name, driver, position, laps, "
              + "last_lap_ms, best_lap_ms, gap_kind, gap_ms, gap_laps, gap_text, interval_kind, "
              + "interval_ms, interval_laps, interval_text, pits, pit_visits, in_pit, stints, last_at) "
              + "VALUES ('" + code + "', 1, 10, '3', 'KTA', 'ANA', 1, 100, 65000, 64500, 'LEADER', NULL, "
              + "100, 'Vuelta 100', 'NONE', NULL, NULL, '', 2, 2, 0, 1, " + now + ")",
          "INSERT INTO stints (event_code, session, row_id, stint, start_lap, end_lap, laps, "
              + "timed_laps, clean_laps, driver, start_at, end_at, driving_ms, best_ms, avg_ms, avg_laps, "
              + "score_ms, label, label_override) VALUES ('" + code + "', 1, 10, 1, 1, NULL, 100, 100, "
              + "90, 'ANA', NULL, NULL, NULL, 64500, 65100, 5, -300, 'GOOD', NULL)");
    }
    dataSource = new CountingDataSource(database.db.dataSource());
    updates = new LiveUpdates();
    server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, TOKEN, Duration.ofHours(1)),
        dataSource, updates, () -> "");
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (updates != null) {
      updates.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return mapper.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private void notifyChange(String code) {
    updates.publish(code, "{\"event_code\":\"" + code + "\",\"tables\":[\"teams\"],\"at\":1}");
  }

  private String teamName(String code) throws Exception {
    return json("/api/v1/events/" + code + "/standings").get("teams").get(0).get("name").asText();
  }

  @Test
  void healthIsDownWhenThePushesFromMetricsStopped() throws Exception {
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(uri("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    updates.feedFrom(() -> "race-updates listener failed: broker gone");
    HttpResponse<String> down = http.send(HttpRequest.newBuilder(uri("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("broker gone");
  }

  @Test
  void aChangedRowIsServedOnlyOnceItsEventIsNotified() throws Exception {
    assertThat(teamName("santos")).isEqualTo("KTA");
    database.execute("UPDATE teams SET name = 'KTA RACING' WHERE event_code = 'santos'");

    assertThat(teamName("santos")).as("cached until the notification").isEqualTo("KTA");

    notifyChange("santos");
    assertThat(teamName("santos")).isEqualTo("KTA RACING");
  }

  @Test
  void aNotificationOfAnotherEventKeepsThisEventCached() throws Exception {
    assertThat(teamName("tavira")).isEqualTo("KTA");
    assertThat(json("/api/v1/events/tavira/kart-labels").get(0).get("label").asText()).isEqualTo("good");
    database.execute("UPDATE teams SET name = 'TAVIRA KARTS' WHERE event_code = 'tavira'",
        "UPDATE stints SET label = 'BAD' WHERE event_code = 'tavira'");

    notifyChange("santos");
    assertThat(teamName("tavira")).isEqualTo("KTA");
    assertThat(json("/api/v1/events/tavira/kart-labels").get(0).get("label").asText()).isEqualTo("good");

    notifyChange("tavira");
    assertThat(teamName("tavira")).isEqualTo("TAVIRA KARTS");
    assertThat(json("/api/v1/events/tavira/kart-labels").get(0).get("label").asText()).isEqualTo("bad");
  }

  @Test
  void theEventsListFollowsTheNotificationOfAnyEvent() throws Exception {
    json("/api/v1/events");
    database.execute("UPDATE sessions SET light = 'RED' WHERE event_code = 'tavira'");
    assertThat(light(json("/api/v1/events"), "tavira")).isEqualTo("green");

    notifyChange("tavira");

    assertThat(light(json("/api/v1/events"), "tavira")).isEqualTo("red");
  }

  private static String light(JsonNode events, String code) {
    for (JsonNode e : events) {
      if (e.get("event_code").asText().equals(code)) {
        return e.get("light").asText();
      }
    }
    throw new AssertionError(code + " not listed in " + events);
  }

  @Test
  void putSettingsIsVisibleInTheVeryNextGet() throws Exception {
    String base = "/api/v1/events/santos";
    int before = json(base + "/settings").get("min_pit_stops").asInt();
    json(base);
    json(base + "/standings/after-stops");
    int wanted = before + 1;

    HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(base + "/settings"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"min_pit_stops\":" + wanted + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    assertThat(json(base + "/settings").get("min_pit_stops").asInt()).isEqualTo(wanted);
    assertThat(json(base).get("settings").get("min_pit_stops").asInt()).isEqualTo(wanted);
    assertThat(json(base + "/standings/after-stops").get("min_pit_stops").asInt()).isEqualTo(wanted);
  }

  @Test
  void aLabelOverrideIsVisibleInTheVeryNextGetOfEveryRouteShowingIt() throws Exception {
    String base = "/api/v1/events/santos";
    json(base + "/kart-labels");
    json(base + "/teams/10/stints");
    String label = json(base + "/standings").get("teams").get(0).get("kart_label").asText();
    String wanted = label.equals("bad") ? "good" : "bad";

    HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(base + "/teams/10/stints/1/label"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + wanted + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    assertThat(json(base + "/standings").get("teams").get(0).get("kart_label").asText()).isEqualTo(wanted);
    assertThat(json(base + "/kart-labels").get(0).get("label").asText()).isEqualTo(wanted);
    assertThat(json(base + "/teams/10/stints").get(0).get("kart_label").asText()).isEqualTo(wanted);
  }

  @Test
  void concurrentRequestsForAColdResponseQueryTheDatabaseOnce() throws Exception {
    String path = "/api/v1/events/santos/pit-lane";
    notifyChange("santos");
    int before = dataSource.connections();
    json(path);
    int perComputation = dataSource.connections() - before;
    assertThat(perComputation).isPositive();

    notifyChange("santos");
    long hits = server.responses().hits();
    long misses = server.responses().misses();
    before = dataSource.connections();
    int clients = 20;
    CountDownLatch gate = dataSource.hold();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      responses.add(http.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    // one request holds the computation (stopped at its first connection), the others wait for it
    awaitUntil(() -> dataSource.held() == 1 && server.responses().hits() - hits == clients - 1,
        "one computation and " + (clients - 1) + " waiting requests");
    gate.countDown();

    String first = null;
    for (CompletableFuture<HttpResponse<String>> f : responses) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      first = first == null ? r.body() : first;
      assertThat(r.body()).isEqualTo(first);
    }
    assertThat(server.responses().misses() - misses).isEqualTo(1);
    assertThat(dataSource.connections() - before).isEqualTo(perComputation);
  }

  @Test
  void anUnchangedResponseIsA304ForItsEntityTag() throws Exception {
    String path = "/api/v1/events/tavira/settings";
    HttpResponse<String> first = get(path);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("W/\"");
    assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");

    HttpResponse<String> again = get(path, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);
    assertThat(get(path, "If-None-Match", "\"other\", " + etag.substring(2)).statusCode()).isEqualTo(304);

    database.execute("UPDATE race_settings SET spare_karts = spare_karts + 1 WHERE event_code = 'tavira'");
    notifyChange("tavira");

    HttpResponse<String> changed = get(path, "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
  }

  @Test
  void errorsAreNotCachedAndKeepNoStore() throws Exception {
    HttpResponse<String> missing = get("/api/v1/events/faro/standings");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(missing.headers().firstValue("ETag")).isEmpty();
    assertThat(get("/api/v1/events/santos/teams/99/stints").statusCode()).isEqualTo(404);
  }

  @Test
  void aServerWithoutCacheServesEveryChangeAtOnce() throws Exception {
    try (ApiServer uncached = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, null, Duration.ZERO),
        dataSource, updates, () -> "")) {
      URI uri = URI.create("http://127.0.0.1:" + uncached.port() + "/api/v1/events/tavira/pit-lane");
      String before = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
      database.execute("INSERT INTO odds (event_code, session, p_now, p_next, p_after_next, base_rate, "
          + "queue_size, next_stoppers, at) VALUES ('tavira', 1, 0.6, 0.5, 0.4, 0.3, 2, '10', 1)");
      String after = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(mapper.readTree(before).get("odds").get("now").isNull()).isTrue();
      assertThat(mapper.readTree(after).get("odds").get("now").asDouble()).isEqualTo(0.6);
    }
  }

  @Test
  void ifNoneMatchComparesWeaklyAndAcceptsAListOrAStar() {
    assertThat(ApiServer.matches(null, "W/\"a\"")).isFalse();
    assertThat(ApiServer.matches("W/\"a\"", "W/\"a\"")).isTrue();
    assertThat(ApiServer.matches("\"a\"", "W/\"a\"")).isTrue();
    assertThat(ApiServer.matches("\"b\", W/\"a\"", "W/\"a\"")).isTrue();
    assertThat(ApiServer.matches("*", "W/\"a\"")).isTrue();
    assertThat(ApiServer.matches("\"b\"", "W/\"a\"")).isFalse();
  }

  private static void awaitUntil(BooleanSupplier condition, String what) {
    Await.until(Duration.ofSeconds(30), condition, () -> "waiting for " + what);
  }

  /** Counts the connections taken; {@link #hold} stops every taker until its latch opens. */
  private static final class CountingDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch gate;

    CountingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    int connections() {
      return connections.get();
    }

    int held() {
      return held.get();
    }

    CountDownLatch hold() {
      CountDownLatch latch = new CountDownLatch(1);
      gate = latch;
      return latch;
    }

    @Override
    public Connection getConnection() throws SQLException {
      connections.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        held.incrementAndGet();
        try {
          if (!g.await(30, TimeUnit.SECONDS)) {
            throw new SQLException("held for 30 s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException(e);
        } finally {
          held.decrementAndGet();
          gate = null;
        }
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}
