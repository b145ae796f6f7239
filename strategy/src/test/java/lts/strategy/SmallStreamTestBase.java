package lts.strategy;

import lts.store.Database;
import lts.testkit.Await;
import lts.testkit.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lts.core.event.CompetitorRegistered;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceEvent;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;
import lts.core.strategy.GoodKartOdds;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.contracts.RaceEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A small hand-made stream: rejected events (unknown team, impossible laps, undecodable), a
 * duplicate, a lap penalty and laps driven again, a pit stop, a strategist's label override that
 * survives, and the notifications on race-updates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SmallStreamTestBase {

  static final String TOPIC = "tiny-events";
  static final String UPDATES = "tiny-updates";
  static final String CODE = "tiny";
  static final long T0 = 1_777_000_000_000L;

  abstract TestDatabases.Kind kind();

  TestDatabases databases;
  EmbeddedKafka kafka;
  Path kafkaDir;
  final RaceEventCodec codec = new RaceEventCodec();
  int frame;

  @BeforeAll
  void start() throws Exception {
    databases = new TestDatabases(kind(), getClass().getSimpleName());
    kafkaDir = Files.createTempDirectory("lts-metrics-kafka");
    kafka = EmbeddedKafka.start(kafkaDir, 0, 1, Topics.ALL);
    Races.createTopics(kafka, List.of(TOPIC, UPDATES), 1);
  }

  @AfterAll
  void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (databases != null) {
      databases.close();
    }
    try (var walk = Files.walk(kafkaDir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private String id() {
    return CODE + "/" + (++frame) + "/0";
  }

  private LapCompleted lap(int row, int lap, long ms, long at) {
    return new LapCompleted(id(), CODE, 1, at, row, lap, ms, "DRIVER " + row, false);
  }

  private void run(Database db) throws Exception {
    Map<Integer, Long> ends = Races.endOffsets(kafka, TOPIC);
    MetricsService service = new MetricsService(new MetricsService.Options(
        kafka.bootstrapServers(), "tiny", "metrics-tiny", 5, TOPIC, UPDATES), db, null);
    Races.runUntil(service, () -> Races.caughtUp(db, TOPIC, ends), 60_000);
  }

  private void publish(List<RaceEvent> events, String... raw) throws Exception {
    List<String> values = new ArrayList<>();
    events.forEach(e -> values.add(codec.toJson(e)));
    values.addAll(List.of(raw));
    Races.publishRaw(kafka, TOPIC, CODE, values);
  }

  @Test
  void rejectsWhatCannotBeAppliedAndKeepsGoing() throws Exception {
    List<RaceEvent> events = new ArrayList<>();
    events.add(new SessionStarted(id(), CODE, 1, T0, SessionKind.RACE, "TINY 2H", "RACE", "TRACK"));
    events.add(new CompetitorRegistered(id(), CODE, 1, T0, 1, "1", "ALPHA"));
    events.add(new CompetitorRegistered(id(), CODE, 1, T0, 2, "2", "BRAVO"));
    long at = T0;
    for (int lap = 1; lap <= 8; lap++) {
      at += 60_000;
      events.add(lap(1, lap, 60_000 + lap * 10L, at));
      events.add(lap(2, lap, 60_500 + lap * 10L, at + 500));
      events.add(new PositionChanged(id(), CODE, 1, at, 1, 1));
      events.add(new PositionChanged(id(), CODE, 1, at, 2, 2));
      if (lap == 4) {
        events.add(new PitCountChanged(id(), CODE, 1, at + 5_000, 1, 1));
        events.add(new PitIn(id(), CODE, 1, at + 5_000, 1));
        events.add(new PitOut(id(), CODE, 1, at + 65_000, 1, 60_000L, null));
        at += 60_000;
      }
    }
    RaceEvent duplicate = events.get(5); // row 1, lap 1 again, same id
    events.add(duplicate);
    // race control: 2 laps off row 2, which then drives lap 7 again
    events.add(new LapCountCorrected(id(), CODE, 1, at + 1_000, 2, 8, 6, "feed"));
    events.add(lap(2, 7, 61_234, at + 61_000));
    // what cannot be applied
    events.add(lap(99, 1, 60_000, at)); // unknown team
    events.add(lap(1, 0, 60_000, at)); // impossible lap number
    events.add(lap(2, 9, -5, at)); // impossible lap time
    events.add(new LapCompleted(id(), CODE, 7, at, 1, 1, 60_000L, "X", false)); // no session 7
    publish(events, "{not json at all");
    databases.create("tiny");
    try (Database db = databases.open(databases.create("tiny2"))) {
      run(db);
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        List<String> reasons = column(s, "SELECT reason FROM rejected_events ORDER BY kafka_offset");
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("unknown team: row 99");
        assertThat(reasons.get(1)).startsWith("impossible lap: lap number 0");
        assertThat(reasons.get(2)).startsWith("impossible lap: lap 9 took -5 ms");
        assertThat(reasons.get(3)).startsWith("unknown team: row 1 in session 7");
        assertThat(reasons.get(4)).startsWith("undecodable");
        assertThat(column(s, "SELECT payload FROM rejected_events WHERE reason LIKE 'undecodable%'"))
            .containsExactly("{not json at all");
        // row 1: laps 1..8, one stop after lap 4; the duplicate changed nothing
        assertThat(column(s, "SELECT laps, pits FROM teams WHERE row_id = 1")).containsExactly("8|1");
        assertThat(column(s, "SELECT COUNT(*) FROM laps WHERE row_id = 1")).containsExactly("8");
        assertThat(column(s, "SELECT stint, start_lap, end_lap, laps FROM stints WHERE row_id = 1 "
            + "ORDER BY stint")).containsExactly("1|1|4|4", "2|5|null|4");
        assertThat(column(s, "SELECT lap, verdict FROM laps WHERE row_id = 1 AND lap IN (1, 4, 5, 6) "
            + "ORDER BY lap")).containsExactly("1|CLEAN", "4|IN_LAP", "5|OUT_LAP", "6|CLEAN");
        // row 2: 8 laps, 2 taken off, lap 7 driven again: lap 8 superseded until driven again
        assertThat(column(s, "SELECT laps FROM teams WHERE row_id = 2")).containsExactly("7");
        assertThat(column(s, "SELECT lap, time_ms, superseded FROM laps WHERE row_id = 2 AND lap >= 6 "
            + "ORDER BY lap")).containsExactly("6|60560|0", "7|61234|0", "8|60580|1");
        assertThat(column(s, "SELECT from_laps, to_laps, reason FROM lap_corrections"))
            .containsExactly("8|6|feed");
        assertThat(column(s, "SELECT stint, start_lap, end_lap, laps FROM stints WHERE row_id = 2"))
            .containsExactly("1|1|null|7");
        // the pit lane: row 1's kart waits (one spare taken), the odds are known
        // (its label is the one of the stint it comes from)
        String label = column(s, "SELECT label FROM stints WHERE row_id = 1 AND stint = 1").get(0);
        assertThat(column(s, "SELECT pit_row, position, from_row_id, from_stint, label FROM pit_queue"))
            .containsExactly("0|0|1|1|" + label);
        assertThat(column(s, "SELECT queue_size FROM odds")).containsExactly("1");
        assertThat(column(s, "SELECT COUNT(*) FROM standings")).containsExactly("2");
        // the strategist overrides a label: the runner never overwrites it
        s.executeUpdate("UPDATE stints SET label_override = 'GOOD' WHERE row_id = 1 AND stint = 1");
      }
      publish(List.of(lap(1, 9, 60_100, at + 120_000), lap(2, 8, 60_200, at + 121_000)));
      run(db);
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        assertThat(column(s, "SELECT label_override FROM stints WHERE row_id = 1 AND stint = 1"))
            .containsExactly("GOOD");
        assertThat(column(s, "SELECT label FROM pit_queue")).containsExactly("GOOD");
        // the overridden kart is next: good for sure unless the order in the lane changes
        double base = Double.parseDouble(column(s, "SELECT base_rate FROM odds").get(0));
        assertThat(column(s, "SELECT p_now FROM odds")).singleElement()
            .satisfies(p -> assertThat(Double.parseDouble(p)).isCloseTo(
                1 - GoodKartOdds.UNPREDICTED_KART_SHARE * (1 - base), within(1e-9)));
        assertThat(column(s, "SELECT lap, time_ms, superseded FROM laps WHERE row_id = 2 AND lap = 8"))
            .containsExactly("8|60200|0");
        assertThat(column(s, "SELECT COUNT(*) FROM rejected_events")).containsExactly("5");
      }
      // another writer moves the stored offset under a running runner (a zombie that lost the
      // partition): the runner's next transaction is fenced, rolled back, the partition rebuilt
      io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      MetricsService service = new MetricsService(new MetricsService.Options(
          kafka.bootstrapServers(), "tiny", "metrics-tiny", 5, TOPIC, UPDATES), db, registry);
      assertThat(service.health()).isEqualTo("metrics not started");
      Thread runner = new Thread(service::run, "metrics-fenced");
      runner.start();
      try {
        Map<Integer, Long> ends = Races.endOffsets(kafka, TOPIC);
        Await.until(Duration.ofSeconds(30), () -> Races.caughtUp(db, TOPIC, ends),
            () -> "stored offsets short of " + ends);
        Await.until(Duration.ofSeconds(30), () -> service.assignedPartitions() >= 1,
            () -> "no partition assigned");
        assertThat(service.assignedPartitions()).as("partition assigned and rebuilt").isEqualTo(1);
        // caught up with every record published: the runner is idle, polling for more
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE metrics_offsets SET next_offset = next_offset - 3");
        }
        publish(List.of(lap(1, 10, 60_300, at + 180_000), lap(2, 9, 60_400, at + 181_000)));
        Map<Integer, Long> newEnds = Races.endOffsets(kafka, TOPIC);
        Await.until(Duration.ofSeconds(30), () -> Races.caughtUp(db, TOPIC, newEnds),
            () -> "stored offsets short of " + newEnds);
        assertThat(Races.storedOffsets(db, TOPIC)).isEqualTo(newEnds);
        assertThat(service.health()).as("fenced, rebuilt, going on").isNull();
      } finally {
        service.stop();
        runner.join(30_000);
      }
      assertThat(service.health()).isEqualTo("metrics stopped");
      assertThat(registry.get("lts.strategy.fenced").counter().count()).isEqualTo(1.0);
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        assertThat(column(s, "SELECT row_id, laps FROM teams ORDER BY row_id"))
            .containsExactly("1|10", "2|9");
        assertThat(column(s, "SELECT COUNT(*) FROM laps WHERE row_id = 1")).containsExactly("10");
        assertThat(column(s, "SELECT COUNT(*) FROM rejected_events")).containsExactly("5");
      }
    }
    // the notifications: one per transaction and session, keyed by event code
    List<JsonNode> updates = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
        KafkaClients.consumer(kafka.bootstrapServers(), "updates-reader", "updates-reader"))) {
      c.subscribe(List.of(UPDATES));
      long deadline = System.currentTimeMillis() + 20_000;
      while (updates.size() < 2 && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
          assertThat(r.key()).isEqualTo(CODE);
          updates.add(new ObjectMapper().readTree(new String(r.value(), StandardCharsets.UTF_8)));
        }
      }
    }
    assertThat(updates).hasSizeGreaterThanOrEqualTo(2);
    assertThat(updates.get(0).get("event_code").asText()).isEqualTo(CODE);
    assertThat(updates.get(0).get("session").asInt()).isEqualTo(1);
    assertThat(updates.get(0).get("at").asLong()).isGreaterThan(T0);
    List<String> tables = new ArrayList<>();
    updates.get(0).get("tables").forEach(t -> tables.add(t.asText()));
    assertThat(tables).contains("laps", "stints", "teams", "pit_stops", "sessions");
    assertThat(Topics.RACE_UPDATES).isEqualTo("race-updates");
  }

  private static List<String> column(Statement s, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
