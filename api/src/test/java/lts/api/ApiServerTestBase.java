package lts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lts.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API against a real database (MariaDB or H2) filled with a small race, over real HTTP:
 * JSON shapes, status codes, token checks, SSE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiServerTestBase {

  private static final String TOKEN = "s3cret";
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private ApiTestDatabase database;
  private LiveUpdates updates;
  private ApiServer server;
  private long now;

  abstract boolean mariadb();

  @BeforeAll
  void start() throws Exception {
    database = new ApiTestDatabase(mariadb());
    now = System.currentTimeMillis();
    long t0 = now - 3_600_000;
    database.execute(
        "INSERT INTO race_settings (event_code, min_pit_stops, pit_time_ms, pit_rows, spare_karts, "
            + "max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, min_clean_laps) "
            + "VALUES ('santos', 6, 120000, 2, 2, 3000000, NULL, NULL, 5, 250, 5)",
        "INSERT INTO sessions (event_code, session, kind, title1, title2, track, light, remaining_clock, "
            + "remaining_ms, remaining_text, remaining_at, resumed, field_median_ms, pit_loss_ms, "
            + "pit_loss_measured, started_at, last_at) VALUES ('santos', 5, 'RACE', '12H LOS SANTOS', "
            + "'CARRERA', 'ADULTO (1100m)', 'GREEN', 'COUNTDOWN', 1000000, '1000000', " + now + ", 0, "
            + "65400, 182000, 1, " + t0 + ", " + now + ")",
        "INSERT INTO teams (event_code, session, row_id, number, name, driver, position, laps, "
            + "last_lap_ms, best_lap_ms, gap_kind, gap_ms, gap_laps, gap_text, interval_kind, interval_ms, "
            + "interval_laps, interval_text, pits, pit_visits, in_pit, stints, last_at) VALUES "
            + "('santos', 5, 10, '3', 'KTA', 'ANA', 1, 100, 65000, 64500, 'LEADER', NULL, 100, "
            + "'Vuelta 100', 'NONE', NULL, NULL, '', 2, 2, 0, 3, " + now + "), "
            + "('santos', 5, 11, '7', 'JDK <b>', 'BOB', 2, 99, 66000, 64900, 'LAPS', NULL, 1, "
            + "'1 Vuelta', 'TIME', 3000, NULL, '3.000', 3, 3, 1, 3, " + now + ")",
        "INSERT INTO drivers (event_code, session, row_id, name, driving_time_ms, stints, "
            + "stint_driving_ms, first_at, last_at) VALUES ('santos', 5, 10, 'ANA', 3600000, 2, "
            + "1200000, " + t0 + ", " + now + ")",
        "INSERT INTO stints (event_code, session, row_id, stint, start_lap, end_lap, laps, timed_laps, "
            + "clean_laps, driver, start_at, end_at, driving_ms, best_ms, avg_ms, avg_laps, score_ms, "
            + "label, label_override) VALUES "
            + "('santos', 5, 10, 1, 1, 40, 40, 40, 35, 'ANA', " + t0 + ", " + (t0 + 2_600_000) + ", "
            + "2600000, 64500, 65100, 5, -300, 'GOOD', NULL), "
            + "('santos', 5, 10, 2, 41, 70, 30, 30, 26, 'CLA', NULL, NULL, NULL, 64800, 65300, 5, "
            + "-100, 'UNKNOWN', NULL), "
            + "('santos', 5, 10, 3, 71, NULL, 30, 30, 28, 'ANA', NULL, NULL, NULL, 64900, 65200, 5, "
            + "320, 'BAD', NULL), "
            + "('santos', 5, 11, 1, 1, 50, 50, 50, 44, 'BOB', NULL, NULL, NULL, 64900, 65600, 5, 10, "
            + "'UNKNOWN', NULL)",
        "INSERT INTO pit_stops (event_code, session, row_id, pit, counted, inferred, lap_in, in_at, "
            + "out_at, duration_ms, pit_time_ms, loss_ms, apex_stop, in_hole, lap_in_estimated) "
            + "VALUES ('santos', 5, 10, 1, 1, 0, 40, " + (t0 + 2_600_000) + ", "
            + (t0 + 2_780_000) + ", 180000, 178000, 182000, 1, 0, 0), "
            + "('santos', 5, 10, 2, 0, 0, 70, " + (t0 + 4_600_000) + ", " + (t0 + 4_900_000) + ", "
            + "NULL, NULL, NULL, NULL, 1, 1), "
            + "('santos', 5, 11, 3, 1, 0, 99, " + (now - 30_000) + ", NULL, NULL, NULL, NULL, 3, 0, "
            + "0)",
        "INSERT INTO laps (event_code, session, row_id, lap, time_ms, driver, stint, verdict, clean, "
            + "yellow, field_ms, derived, superseded, at, event_id) VALUES "
            + "('santos', 5, 10, 99, 65100, 'ANA', 3, 'CLEAN', 1, 0, 65400, 0, 0, " + (now - 70_000)
            + ", 'santos/1/0'), ('santos', 5, 10, 100, 65000, 'ANA', 3, 'CLEAN', 1, 0, 65400, 0, 0, "
            + (now - 5_000) + ", 'santos/2/0'), ('santos', 5, 11, 99, 90000, 'BOB', 1, 'IN_LAP', 0, 0, "
            + "65400, 0, 0, " + (now - 40_000) + ", 'santos/3/0')",
        "INSERT INTO pit_queue (event_code, session, pit_row, position, from_row_id, from_number, "
            + "from_stint, label, score_ms, since) VALUES "
            + "('santos', 5, 0, 0, NULL, NULL, NULL, 'UNKNOWN', NULL, " + t0 + "), "
            + "('santos', 5, 0, 1, 10, '3', 2, 'UNKNOWN', -100, " + (now - 100_000) + "), "
            + "('santos', 5, 1, 0, 11, '7', 2, 'GOOD', -260, " + (now - 30_000) + ")",
        "INSERT INTO odds (event_code, session, p_now, p_next, p_after_next, base_rate, queue_size, "
            + "next_stoppers, at) VALUES ('santos', 5, 0.65, 0.5, 0.45, 0.3, 3, '10', " + now + ")",
        "INSERT INTO standings (event_code, session, row_id, position, laps, pits, in_pit, owed, "
            + "gap_ms, est_gap_ms, est_position, position_change) VALUES "
            + "('santos', 5, 10, 1, 100, 2, 0, 4, 0, 547000, 2, -1), "
            + "('santos', 5, 11, 2, 99, 3, 1, 3, 65400, 0, 1, 1)");
    insertARaceAndThePracticeAfterItsFlag(t0);
    updates = new LiveUpdates(Duration.ofMillis(300), LiveUpdates.Relay.NONE); // pings heard within a test's patience
    // cached responses never age out here: only the change notifications refresh them
    server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, TOKEN, Duration.ofHours(1)),
        database.db.dataSource(), updates, () -> "# metrics\n");
  }

  /**
   * Feed {@code vallejo}: session 2 the race (finished, two teams), then session 3 the practice
   * session the feed opened after the flag (one team, no laps), then session 4 with no team.
   */
  private void insertARaceAndThePracticeAfterItsFlag(long t0) throws Exception {
    long flag = now - 600_000;
    String teams = "INSERT INTO teams (event_code, session, row_id, number, name, driver, position, "
        + "laps, last_lap_ms, best_lap_ms, gap_kind, gap_ms, gap_laps, gap_text, interval_kind, "
        + "interval_ms, interval_laps, interval_text, pits, pit_visits, in_pit, stints, last_at) VALUES ";
    String sessions = "INSERT INTO sessions (event_code, session, kind, title1, title2, track, light, "
        + "remaining_clock, remaining_ms, remaining_text, remaining_at, resumed, field_median_ms, "
        + "pit_loss_ms, pit_loss_measured, started_at, last_at) VALUES ";
    database.execute(
        "INSERT INTO race_settings (event_code, min_pit_stops, pit_time_ms, pit_rows, spare_karts, "
            + "max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, min_clean_laps) "
            + "VALUES ('vallejo', 4, 120000, 1, 1, NULL, NULL, NULL, 5, 250, 5)",
        sessions + "('vallejo', 2, 'RACE', '6H VALLEJO', 'CARRERA', 'PISTA', 'FINISHED', 'COUNTDOWN', "
            + "0, '0', " + flag + ", 0, 65400, 180000, 1, " + t0 + ", " + flag + "), "
            + "('vallejo', 3, 'PRACTICE', '6H VALLEJO', 'ENTRENOS', 'PISTA', 'GREEN', NULL, NULL, NULL, "
            + "NULL, 0, NULL, NULL, 0, " + (flag + 60_000) + ", " + (now - 60_000) + "), "
            + "('vallejo', 4, 'NONE', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, "
            + (now - 50_000) + ", " + (now - 50_000) + ")",
        teams + "('vallejo', 2, 20, '1', 'RACE WINNER', 'EVA', 1, 300, 65000, 64000, 'LEADER', NULL, "
            + "300, 'Vuelta 300', 'NONE', NULL, NULL, '', 4, 4, 0, 5, " + flag + "), "
            + "('vallejo', 2, 21, '2', 'RACE SECOND', 'LUIS', 2, 299, 65500, 64200, 'LAPS', NULL, 1, "
            + "'1 Vuelta', 'TIME', 4000, NULL, '4.000', 4, 4, 0, 5, " + flag + "), "
            + "('vallejo', 3, 30, '1', 'PRACTICE KART', NULL, NULL, NULL, NULL, NULL, 'NONE', NULL, NULL, "
            + "'', 'NONE', NULL, NULL, '', NULL, 0, 0, 0, " + (now - 60_000) + ")",
        "INSERT INTO stints (event_code, session, row_id, stint, start_lap, end_lap, laps, timed_laps, "
            + "clean_laps, driver, start_at, end_at, driving_ms, best_ms, avg_ms, avg_laps, score_ms, "
            + "label, label_override) VALUES ('vallejo', 2, 20, 5, 241, NULL, 60, 60, 55, 'EVA', NULL, "
            + "NULL, NULL, 64000, 65000, 5, -200, 'GOOD', NULL)",
        "INSERT INTO laps (event_code, session, row_id, lap, time_ms, driver, stint, verdict, clean, "
            + "yellow, field_ms, derived, superseded, at, event_id) VALUES ('vallejo', 2, 20, 300, "
            + "65000, 'EVA', 5, 'CLEAN', 1, 0, 65400, 0, 0, " + flag + ", 'vallejo/1/0')");
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

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return mapper.readTree(r.body());
  }

  @Test
  void eventsListTheLiveFeedWithItsRunningSession() throws Exception {
    HttpResponse<String> r = get("/api/v1/events");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    // a cached route: a browser may keep it but revalidates it (ETag) every time
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(r.headers().firstValue("ETag")).isPresent();
    assertThat(get("/api/v1/events/santos/laps").headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode e = json(r).get(0);
    assertThat(e.get("event_code").asText()).isEqualTo("santos");
    assertThat(e.get("session").asInt()).isEqualTo(5);
    assertThat(e.get("kind").asText()).isEqualTo("race");
    assertThat(e.get("status").asText()).isEqualTo("live");
    assertThat(e.get("light").asText()).isEqualTo("green");
    assertThat(e.get("teams").asInt()).isEqualTo(2);
    JsonNode detail = json(get("/api/v1/events/santos"));
    assertThat(detail.get("settings").get("min_pit_stops").asInt()).isEqualTo(6);
    assertThat(detail.get("sessions")).hasSize(1);
  }

  @Test
  void standingsCarryEveryColumnOfTheOverview() throws Exception {
    JsonNode s = json(get("/api/v1/events/santos/standings"));
    assertThat(s.get("teams")).hasSize(2);
    JsonNode leader = s.get("teams").get(0);
    assertThat(leader.get("row_id").asInt()).isEqualTo(10);
    assertThat(leader.get("driving_time_ms").asLong()).isEqualTo(3_600_000);
    assertThat(leader.get("gap").get("kind").asText()).isEqualTo("leader");
    assertThat(leader.get("gap").get("laps").asInt()).isEqualTo(100);
    assertThat(leader.get("stint").asInt()).isEqualTo(3);
    assertThat(leader.get("stint_laps").asInt()).isEqualTo(30);
    assertThat(leader.get("kart_label").asText()).isEqualTo("bad");
    assertThat(leader.get("in_pit").asBoolean()).isFalse();
    assertThat(leader.get("pit_in_at").isNull()).isTrue();
    JsonNode second = s.get("teams").get(1);
    assertThat(second.get("name").asText()).isEqualTo("JDK <b>");
    assertThat(second.get("in_pit").asBoolean()).isTrue();
    assertThat(second.get("pit_in_at").asLong()).isEqualTo(now - 30_000);
    assertThat(second.get("interval").get("ms").asLong()).isEqualTo(3000);
  }

  @Test
  void afterStopsStintsLapsLabelsAndPitLaneFollowTheContract() throws Exception {
    JsonNode after = json(get("/api/v1/events/santos/standings/after-stops"));
    assertThat(after.get("pit_loss_ms").asLong()).isEqualTo(182_000);
    assertThat(after.get("teams").get(0).get("row_id").asInt()).isEqualTo(11);
    assertThat(after.get("teams").get(0).get("change").asInt()).isEqualTo(1);
    JsonNode stints = json(get("/api/v1/events/santos/teams/10/stints"));
    assertThat(stints).hasSize(3);
    assertThat(stints.get(0).get("pit_duration_ms").asLong()).isEqualTo(180_000);
    assertThat(stints.get(0).get("pit_stop").asInt()).as("Apex's pit counter").isEqualTo(1);
    assertThat(stints.get(0).get("pit_counted").asBoolean()).isTrue();
    assertThat(stints.get(1).get("pit_stop").isNull()).as("a visit not counted").isTrue();
    assertThat(stints.get(1).get("pit_counted").asBoolean()).isFalse();
    assertThat(stints.get(0).get("pit_in_hole").asBoolean()).isFalse();
    assertThat(stints.get(1).get("pit_in_hole").asBoolean()).as("begun in a hole").isTrue();
    assertThat(stints.get(1).get("end_lap_estimated").asBoolean()).isTrue();
    assertThat(stints.get(1).get("pit_duration_ms").isNull()).isTrue();
    assertThat(stints.get(2).get("pit_counted").isNull()).as("the open stint").isTrue();
    assertThat(stints.get(0).get("kart_label").asText()).isEqualTo("good");
    assertThat(stints.get(2).get("open").asBoolean()).isTrue();
    JsonNode laps = json(get("/api/v1/events/santos/teams/10/laps?since_lap=100"));
    assertThat(laps).hasSize(1);
    assertThat(laps.get(0).get("verdict").asText()).isEqualTo("clean");
    assertThat(json(get("/api/v1/events/santos/laps"))).hasSize(3);
    assertThat(json(get("/api/v1/events/santos/laps?since_at=" + (now - 50_000)))).hasSize(2);
    assertThat(json(get("/api/v1/events/santos/kart-labels"))).hasSize(4);
    JsonNode lane = json(get("/api/v1/events/santos/pit-lane"));
    assertThat(lane.get("rows")).hasSize(2);
    assertThat(lane.get("rows").get(0)).hasSize(2);
    assertThat(lane.get("rows").get(1).get(0).get("from_name").asText()).isEqualTo("JDK <b>");
    assertThat(lane.get("odds").get("now").asDouble()).isEqualTo(0.65);
  }

  @Test
  void aPracticeSessionAfterTheFlagDoesNotHideTheRace() throws Exception {
    JsonNode event = json(get("/api/v1/events/vallejo"));
    assertThat(event.get("session").asInt()).isEqualTo(2);
    assertThat(event.get("kind").asText()).isEqualTo("race");
    assertThat(event.get("status").asText()).isEqualTo("finished");
    assertThat(event.get("teams").asInt()).isEqualTo(2);
    JsonNode standings = json(get("/api/v1/events/vallejo/standings"));
    assertThat(standings.get("session").asInt()).isEqualTo(2);
    assertThat(standings.get("teams")).extracting(t -> t.get("name").asText())
        .containsExactly("RACE WINNER", "RACE SECOND");
    assertThat(json(get("/api/v1/events/vallejo/teams/20/stints"))).hasSize(1);
    assertThat(json(get("/api/v1/events/vallejo/laps"))).hasSize(1);
    JsonNode listed = null;
    for (JsonNode e : json(get("/api/v1/events"))) {
      if (e.get("event_code").asText().equals("vallejo")) {
        listed = e;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("session").asInt()).isEqualTo(2);
  }

  @Test
  void sessionsListsEverySessionNewestFirstAndMarksTheDefault() throws Exception {
    HttpResponse<String> r = get("/api/v1/events/vallejo/sessions");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).isPresent();
    JsonNode sessions = json(r);
    assertThat(sessions).extracting(s -> s.get("session").asInt()).containsExactly(4, 3, 2);
    JsonNode race = sessions.get(2);
    assertThat(race.get("kind").asText()).isEqualTo("race");
    assertThat(race.get("title1").asText()).isEqualTo("6H VALLEJO");
    assertThat(race.get("title2").asText()).isEqualTo("CARRERA");
    assertThat(race.get("track").asText()).isEqualTo("PISTA");
    assertThat(race.get("first_at").asLong()).isEqualTo(now - 3_600_000);
    assertThat(race.get("last_at").asLong()).isEqualTo(now - 600_000);
    assertThat(race.get("teams").asInt()).isEqualTo(2);
    assertThat(race.get("laps").asInt()).isEqualTo(300);
    assertThat(race.get("finished").asBoolean()).isTrue();
    assertThat(race.get("default").asBoolean()).isTrue();
    JsonNode practice = sessions.get(1);
    assertThat(practice.get("kind").asText()).isEqualTo("practice");
    assertThat(practice.get("teams").asInt()).isEqualTo(1);
    assertThat(practice.get("laps").isNull()).isTrue();
    assertThat(practice.get("finished").asBoolean()).isFalse();
    assertThat(practice.get("default").asBoolean()).isFalse();
    JsonNode empty = sessions.get(0);
    assertThat(empty.get("teams").asInt()).isZero();
    assertThat(empty.get("laps").isNull()).isTrue();
    assertThat(empty.get("default").asBoolean()).isFalse();
    assertThat(json(get("/api/v1/events/santos/sessions"))).extracting(s -> s.get("session").asInt())
        .containsExactly(5);
  }

  @Test
  void anExplicitSessionIsWhatEveryRaceWideRouteServes() throws Exception {
    // the default first, so that a cache keyed on the event alone would answer the wrong session
    assertThat(json(get("/api/v1/events/vallejo/standings")).get("session").asInt()).isEqualTo(2);
    JsonNode event = json(get("/api/v1/events/vallejo?session=3"));
    assertThat(event.get("session").asInt()).isEqualTo(3);
    assertThat(event.get("kind").asText()).isEqualTo("practice");
    assertThat(event.get("title2").asText()).isEqualTo("ENTRENOS");
    assertThat(event.get("sessions")).hasSize(3);
    JsonNode standings = json(get("/api/v1/events/vallejo/standings?session=3"));
    assertThat(standings.get("session").asInt()).isEqualTo(3);
    assertThat(standings.get("teams")).extracting(t -> t.get("name").asText())
        .containsExactly("PRACTICE KART");
    JsonNode after = json(get("/api/v1/events/vallejo/standings/after-stops?session=3"));
    assertThat(after.get("session").asInt()).isEqualTo(3);
    assertThat(after.get("teams")).isEmpty();
    assertThat(json(get("/api/v1/events/vallejo/teams/30/stints?session=3"))).isEmpty();
    assertThat(json(get("/api/v1/events/vallejo/teams/30/laps?session=3"))).isEmpty();
    assertThat(json(get("/api/v1/events/vallejo/laps?session=3"))).isEmpty();
    assertThat(json(get("/api/v1/events/vallejo/kart-labels?session=3"))).isEmpty();
    assertThat(json(get("/api/v1/events/vallejo/pit-lane?session=3")).get("rows")).isEmpty();
    assertError(get("/api/v1/events/vallejo/teams/20/stints?session=3"), 404);
    // and the race asked for by its number is the default's data
    assertThat(json(get("/api/v1/events/vallejo/standings?session=2")).get("teams")).hasSize(2);
    assertThat(json(get("/api/v1/events/vallejo/kart-labels?session=2"))).hasSize(1);
    assertThat(json(get("/api/v1/events/vallejo/teams/20/laps?session=2&since_lap=300"))).hasSize(1);
    assertThat(json(get("/api/v1/events/vallejo/standings")).get("session").asInt()).isEqualTo(2);
  }

  @Test
  void aBadSessionNumberIs400AndAnUnknownSessionIs404() throws Exception {
    assertError(get("/api/v1/events/vallejo/standings?session=abc"), 400);
    assertError(get("/api/v1/events/vallejo?session=-1"), 400);
    assertError(get("/api/v1/events/vallejo/laps?session=1.5"), 400);
    HttpResponse<String> unknown = get("/api/v1/events/vallejo/standings?session=99");
    assertError(unknown, 404);
    assertThat(json(unknown).get("message").asText()).contains("no session 99")
        .contains("/api/v1/events/vallejo/sessions");
    assertError(get("/api/v1/events/vallejo/pit-lane?session=99"), 404);
    assertError(get("/api/v1/events/vallejo/teams/20/stints?session=99"), 404);
    assertError(get("/api/v1/events/nope/standings?session=2"), 404);
    assertError(get("/api/v1/events/nope/sessions"), 404);
    assertError(get("/api/v1/events/NOT%20VALID/sessions"), 400);
  }

  @Test
  void badParametersAre400UnknownThingsAre404NeverAStackTrace() throws Exception {
    assertError(get("/api/v1/events/NOT%20VALID/standings"), 400);
    assertError(get("/api/v1/events/" + "x".repeat(80)), 400);
    assertError(get("/api/v1/events/nope/standings"), 404);
    assertError(get("/api/v1/events/santos/teams/abc/stints"), 400);
    assertError(get("/api/v1/events/santos/teams/-1/stints"), 400);
    assertError(get("/api/v1/events/santos/teams/999/stints"), 404);
    assertError(get("/api/v1/events/santos/laps?since_at=yesterday"), 400);
    assertError(get("/api/v1/events/santos%27%20OR%201=1/standings"), 400);
    assertError(get("/api/v1/nothing-here"), 404);
  }

  @Test
  void anEventCodeWithASpaceIsRefusedWithTheRuleAndASuggestion() throws Exception {
    HttpResponse<String> r = get("/api/v1/events/Santos%2012h/standings");
    assertError(r, 400);
    assertThat(json(r).get("message").asText()).contains("Santos 12h").contains("a-z")
        .contains("try 'santos-12h'");
  }

  @Test
  void settingsOutOfBoundsAreRefusedNamingEachFieldAndNothingIsStored() throws Exception {
    HttpResponse<String> r = put("/api/v1/events/santos/settings",
        "{\"pit_rows\":300000000,\"avg_laps\":0,\"spare_karts\":2}", TOKEN);
    assertError(r, 400);
    assertThat(json(r).get("message").asText()).contains("pit_rows must be between 1 and 20")
        .contains("avg_laps must be between 1 and 100");
    assertThat(json(get("/api/v1/events/santos/settings")).get("spare_karts").asInt())
        .as("a refused change stores none of its values").isEqualTo(2);
    HttpResponse<String> notInteger = put("/api/v1/events/santos/settings",
        "{\"pit_time_ms\":1.5}", TOKEN);
    assertError(notInteger, 400);
    assertThat(json(notInteger).get("message").asText()).contains("pit_time_ms must be an integer");
    HttpResponse<String> drivers = put("/api/v1/events/santos/settings",
        "{\"min_driver_time_ms\":7200000,\"max_driver_time_ms\":3600000}", TOKEN);
    assertError(drivers, 400);
    assertThat(json(drivers).get("message").asText()).contains("must not exceed");
  }

  @Test
  void theRaceRulesGiveTheBoundsTheSettingsFormUses() throws Exception {
    HttpResponse<String> r = get("/api/v1/race-rules");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode pitRows = null;
    for (JsonNode f : json(r)) {
      if (f.get("name").asText().equals("pit_rows")) {
        pitRows = f;
      }
    }
    assertThat(pitRows).as(r.body()).isNotNull();
    assertThat(pitRows.get("min").asLong()).isEqualTo(1);
    assertThat(pitRows.get("max").asLong()).isEqualTo(20);
    assertThat(pitRows.get("nullable").asBoolean()).isFalse();
    assertThat(json(r)).extracting(f -> f.get("name").asText())
        .containsExactlyInAnyOrder("min_pit_stops", "pit_time_ms", "pit_rows", "spare_karts",
            "max_stint_ms", "min_driver_time_ms", "max_driver_time_ms", "avg_laps");
  }

  @Test
  void writingNeedsTheTokenAndValidValues() throws Exception {
    assertError(put("/api/v1/events/santos/settings", "{\"pit_rows\":3}", null), 401);
    assertError(put("/api/v1/events/santos/settings", "{\"pit_rows\":3}", "wrong"), 401);
    assertError(put("/api/v1/events/santos/settings", "{\"pit_rows\":0}", TOKEN), 400);
    assertError(put("/api/v1/events/santos/settings", "{\"colour\":1}", TOKEN), 400);
    assertError(put("/api/v1/events/santos/settings", "not json", TOKEN), 400);
    assertError(put("/api/v1/events/santos/settings", "{\"a\":\"" + "x".repeat(70_000) + "\"}", TOKEN), 413);
    HttpResponse<String> ok = put("/api/v1/events/santos/settings", "{\"pit_rows\":3,\"max_stint_ms\":null}", TOKEN);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(json(ok).get("pit_rows").asInt()).isEqualTo(3);
    assertThat(json(get("/api/v1/events/santos/settings")).get("max_stint_ms").isNull()).isTrue();
    assertError(put("/api/v1/events/santos/teams/10/stints/2/label", "{\"label\":\"green\"}", TOKEN), 400);
    assertError(put("/api/v1/events/santos/teams/10/stints/9/label", "{\"label\":\"good\"}", TOKEN), 404);
    HttpResponse<String> label = put("/api/v1/events/santos/teams/10/stints/3/label", "{\"label\":\"good\"}", TOKEN);
    assertThat(label.statusCode()).isEqualTo(200);
    assertThat(json(get("/api/v1/events/santos/standings")).get("teams").get(0).get("kart_label").asText())
        .isEqualTo("good");
    put("/api/v1/events/santos/teams/10/stints/3/label", "{\"label\":null}", TOKEN);
    assertThat(json(get("/api/v1/events/santos/standings")).get("teams").get(0).get("kart_label").asText())
        .isEqualTo("bad");
  }

  @Test
  void streamPushesAnUpdateWhenSomethingChanges() throws Exception {
    HttpResponse<java.io.InputStream> response = openStream();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    CompletableFuture<Void> connected = new CompletableFuture<>();
    CompletableFuture<String> update = firstData(response, "update", connected);
    connected.get(10, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(5), () -> updates.clientCount() > 0, () -> "no client");
    updates.publish("santos", "{\"event_code\":\"santos\",\"tables\":[\"laps\"],\"at\":1}");
    assertThat(update.get(10, TimeUnit.SECONDS)).contains("\"laps\"");
    response.body().close();
  }

  @Test
  void streamPingsWithAnEventAScriptCanHear() throws Exception {
    // a comment would keep proxies quiet but never reach the dashboard's EventSource listeners
    HttpResponse<java.io.InputStream> response = openStream();
    CompletableFuture<String> ping = firstData(response, "ping", new CompletableFuture<>());
    assertThat(ping.get(10, TimeUnit.SECONDS)).isEqualTo("{}");
    response.body().close();
  }

  private HttpResponse<java.io.InputStream> openStream() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/events/santos/stream"))
        .header("Accept", "text/event-stream").GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The data of the first {@code event} of the stream; {@code connected} at its first comment. */
  private static CompletableFuture<String> firstData(HttpResponse<java.io.InputStream> response,
      String event, CompletableFuture<Void> connected) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        boolean wanted = false;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith(":")) {
            connected.complete(null);
          }
          if (line.startsWith("event: ")) {
            wanted = line.equals("event: " + event);
          } else if (wanted && line.startsWith("data: ")) {
            return line.substring(6);
          }
        }
        return null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void healthMetricsOpenApiAndTheDashboardAreServed() throws Exception {
    assertThat(get("/health").body()).contains("UP");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    JsonNode openApi = json(get("/api/openapi.json"));
    assertThat(openApi.get("openapi").asText()).startsWith("3.");
    assertThat(openApi.get("paths").has("/api/v1/events/{code}/standings")).isTrue();
    assertThat(openApi.get("paths").has("/api/v1/events/{code}/sessions")).isTrue();
    assertThat(openApi.get("components").get("parameters").has("session")).isTrue();
    assertThat(get("/api/docs").body()).contains("swagger-ui");
    HttpResponse<String> swagger = get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js");
    assertThat(swagger.statusCode()).isEqualTo(200);
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<html");
    HttpResponse<String> js = get("/js/main.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");
  }

  private void assertError(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at lts.");
  }

  static Duration seconds(int n) {
    return Duration.ofSeconds(n);
  }
}
