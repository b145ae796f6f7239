package lts.strategy;

import lts.store.Database;
import lts.testkit.Await;
import lts.testkit.TestDatabases;
import lts.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lts.contracts.Topics;
import lts.core.standings.TeamStanding;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.TestDatabaseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The 12 h Santos race through the real pipeline pieces: its events published to a real Kafka,
 * {@code lts metrics} applies them to a real database. Then: the database agrees with Apex's
 * final grid; a replay, a kill -9 mid-stream with a restart, and a database outage all end with
 * the same database, row for row, as the uninterrupted run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SantosRaceTestBase {

  static final String TOPIC = "santos-events";
  static final String TOPIC_TWICE = "santos-events-twice";

  abstract TestDatabases.Kind kind();

  TestDatabases databases;
  EmbeddedKafka kafka;
  Path kafkaDir;
  Races.Race race;
  Database reference;
  Map<String, List<String>> referenceDump;
  long referenceMs;

  @BeforeAll
  void referenceRun() throws Exception {
    databases = new TestDatabases(kind(), getClass().getSimpleName());
    race = Races.santos();
    kafkaDir = Files.createTempDirectory("lts-metrics-kafka");
    kafka = EmbeddedKafka.start(kafkaDir, 0, 3, Topics.ALL);
    Races.createTopics(kafka, List.of(TOPIC, TOPIC_TWICE), 3);
    Races.publish(kafka, TOPIC, race.events(), race.json());
    reference = databases.open(databases.create("ref"));
    referenceMs = run(reference, TOPIC, "ref");
    referenceDump = TestDatabases.dump(reference, true);
    System.out.printf("metrics benchmark (%s): %d events of the 12 h Santos race applied in %d ms "
        + "(%d laps, %d stints in the database)%n", kind(), race.events().size(), referenceMs,
        referenceDump.get("laps").size(), referenceDump.get("stints").size());
    try (Connection c = reference.connection(); Statement st = c.createStatement()) {
      for (String sql : List.of(
          "SELECT label, COUNT(*), AVG(clean_laps), AVG(score_ms) FROM stints WHERE session = 5 "
              + "GROUP BY label ORDER BY label",
          "SELECT verdict, COUNT(*) FROM laps WHERE session = 5 GROUP BY verdict ORDER BY verdict",
          "SELECT pit_loss_ms, pit_loss_measured, field_median_ms FROM sessions WHERE session = 5",
          "SELECT p_now, p_next, p_after_next, base_rate, queue_size, next_stoppers FROM odds "
              + "WHERE session = 5",
          "SELECT row_id, position, owed, gap_ms, est_gap_ms, est_position FROM standings "
              + "WHERE session = 5 ORDER BY est_position LIMIT 5")) {
        try (ResultSet rs = st.executeQuery(sql)) {
          StringBuilder b = new StringBuilder(sql.substring(7, Math.min(60, sql.length())))
              .append(" ->");
          while (rs.next()) {
            b.append(" [");
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              b.append(i == 1 ? "" : " ").append(rs.getString(i));
            }
            b.append(']');
          }
          System.out.println("metrics figures: " + b);
        }
      }
    }
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (reference != null) {
      reference.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (databases != null) {
      databases.close();
    }
    if (kafkaDir != null) {
      try (var walk = Files.walk(kafkaDir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  long run(Database db, String topic, String group) throws Exception {
    Map<Integer, Long> ends = Races.endOffsets(kafka, topic);
    MetricsService service = new MetricsService(new MetricsService.Options(
        kafka.bootstrapServers(), group, "metrics-" + group, 5, topic,
        lts.contracts.Topics.RACE_UPDATES), db, null);
    return Races.runUntil(service, () -> Races.caughtUp(db, topic, ends), 120_000);
  }

  @Test
  void everyTeamHasTheLapsPitsAndBestLapOfApexsFinalGrid() throws Exception {
    String code = race.events().get(0).eventCode();
    assertThat(race.grid()).hasSize(18);
    try (Connection c = reference.connection()) {
      for (TeamStanding t : race.grid()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT laps, pits, best_lap_ms, "
            + "(SELECT MAX(lap) FROM laps l WHERE l.event_code = t.event_code AND l.session = "
            + "t.session AND l.row_id = t.row_id AND l.superseded = 0), "
            + "(SELECT MIN(time_ms) FROM laps l WHERE l.event_code = t.event_code AND l.session = "
            + "t.session AND l.row_id = t.row_id AND l.superseded = 0), "
            + "(SELECT SUM(counted) FROM pit_stops p WHERE p.event_code = t.event_code AND "
            + "p.session = t.session AND p.row_id = t.row_id) "
            + "FROM teams t WHERE event_code = ? AND session = ? AND row_id = ?")) {
          ps.setString(1, code);
          ps.setInt(2, race.session());
          ps.setInt(3, t.rowId());
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("team %s in the database", t.name()).isTrue();
            assertThat(rs.getInt(1)).as("laps of %s", t.name()).isEqualTo(t.laps());
            assertThat(rs.getInt(2)).as("pits of %s", t.name()).isEqualTo(t.pits());
            assertThat(rs.getLong(3)).as("best lap of %s", t.name()).isEqualTo(t.bestLapMs());
            assertThat(rs.getInt(4)).as("last lap row of %s", t.name()).isEqualTo(t.laps());
            assertThat(rs.getLong(5)).as("fastest lap row of %s", t.name()).isEqualTo(t.bestLapMs());
            assertThat(rs.getInt(6)).as("counted stops of %s", t.name()).isEqualTo(t.pits());
          }
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT laps, pits FROM teams WHERE session = " + race.session() + " AND position = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("the winner's laps").isEqualTo(604);
        assertThat(rs.getInt(2)).as("the winner's stops").isEqualTo(16);
      }
    }
    assertThat(race.grid()).allSatisfy(t -> assertThat(t.pits()).isEqualTo(16));
  }

  @Test
  void thePitNumbersAreApexsPitCounterAndTheVisitsItDoesNotCountAreMarked() throws Exception {
    String code = race.events().get(0).eventCode();
    int visitsNotCounted = 0;
    try (Connection c = reference.connection()) {
      for (TeamStanding t : race.grid()) {
        List<Integer> numbers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT counted, apex_stop FROM pit_stops "
            + "WHERE event_code = ? AND session = ? AND row_id = ? ORDER BY pit")) {
          ps.setString(1, code);
          ps.setInt(2, race.session());
          ps.setInt(3, t.rowId());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Integer apexStop = rs.getObject(2) == null ? null : rs.getInt(2);
              if (rs.getInt(1) == 1) {
                numbers.add(apexStop);
              } else {
                assertThat(apexStop).as("a visit %s's counter does not count", t.name()).isNull();
                visitsNotCounted++;
              }
            }
          }
        }
        // the counter's numbers, in order: 1 to the pits column of Apex's final grid
        assertThat(numbers).as("stop numbers of %s", t.name())
            .isEqualTo(IntStream.rangeClosed(1, t.pits()).boxed().toList());
      }
    }
    // the red flag's visit of every team, and the stops race control took off the column
    assertThat(visitsNotCounted).isGreaterThanOrEqualTo(race.grid().size());
  }

  @Test
  void everyStopClosesAndNoneStartsAfterTheTeamsFinish() throws Exception {
    long flag = race.events().stream()
        .filter(e -> e.session() == race.session() && e instanceof lts.core.event.LightChanged l
            && l.light() == lts.core.event.Light.FINISHED)
        .mapToLong(lts.core.event.RaceEvent::at).min().orElseThrow();
    try (Connection c = reference.connection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN out_at IS NULL THEN 1 "
          + "ELSE 0 END), SUM(CASE WHEN in_at > " + flag + " THEN 1 ELSE 0 END), "
          + "SUM(CASE WHEN out_at = " + flag + " AND duration_ms IS NULL THEN 1 ELSE 0 END) "
          + "FROM pit_stops WHERE session = " + race.session())) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("visits").isGreaterThan(18 * 16);
        assertThat(rs.getInt(2)).as("stops still open after the race").isZero();
        assertThat(rs.getInt(3)).as("stops begun after the finish (2 teams went in)").isZero();
        assertThat(rs.getInt(4)).as("in the lane at the flag: closed there, length unknown")
            .isEqualTo(1);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM teams WHERE in_pit = 1 AND "
          + "session = " + race.session())) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("teams shown in the pit lane after the race").isZero();
      }
    }
  }

  @Test
  void everyStintsLapRangeAndLengthAgreeWithThePitStops() throws Exception {
    String code = race.events().get(0).eventCode();
    try (Connection c = reference.connection()) {
      for (TeamStanding t : race.grid()) {
        List<int[]> stops = new ArrayList<>(); // pit, lap_in
        try (PreparedStatement ps = c.prepareStatement("SELECT pit, lap_in FROM pit_stops WHERE "
            + "event_code = ? AND session = ? AND row_id = ? ORDER BY pit")) {
          ps.setString(1, code);
          ps.setInt(2, race.session());
          ps.setInt(3, t.rowId());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              stops.add(new int[] {rs.getInt(1), rs.getInt(2)});
            }
          }
        }
        List<Integer[]> stints = new ArrayList<>(); // stint, start, end, laps
        try (PreparedStatement ps = c.prepareStatement("SELECT stint, start_lap, end_lap, laps "
            + "FROM stints WHERE event_code = ? AND session = ? AND row_id = ? ORDER BY stint")) {
          ps.setString(1, code);
          ps.setInt(2, race.session());
          ps.setInt(3, t.rowId());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              int number = rs.getInt(1);
              int start = rs.getInt(2);
              int end = rs.getInt(3);
              Integer endLap = rs.wasNull() ? null : end;
              stints.add(new Integer[] {number, start, endLap, rs.getInt(4)});
            }
          }
        }
        assertThat(stints).as("stints of %s", t.name())
            .hasSize(t.inPit() ? stops.size() : stops.size() + 1);
        int previousEnd = 0;
        int total = 0;
        for (int i = 0; i < stints.size(); i++) {
          Integer[] s = stints.get(i);
          assertThat(s[0]).isEqualTo(i + 1);
          assertThat(s[1]).as("start of stint %d of %s", i + 1, t.name()).isEqualTo(previousEnd + 1);
          if (i < stops.size()) {
            assertThat(s[2]).as("end of stint %d of %s", i + 1, t.name())
                .isEqualTo(Math.max(stops.get(i)[1], previousEnd));
            previousEnd = s[2];
            assertThat(s[3]).isEqualTo(s[2] - s[1] + 1);
          } else {
            assertThat(s[2]).as("the last stint of %s is open", t.name()).isNull();
            assertThat(s[3]).isEqualTo(t.laps() - previousEnd);
          }
          total += s[3];
        }
        assertThat(total).as("laps of the stints of %s", t.name()).isEqualTo(t.laps());
      }
    }
  }

  @Test
  void theSameEventsPublishedTwiceChangeNothing() throws Exception {
    Races.publish(kafka, TOPIC_TWICE, race.events(), race.json());
    Races.publish(kafka, TOPIC_TWICE, race.events(), race.json());
    String url = databases.create("twice");
    try (Database twice = databases.open(url)) {
      run(twice, TOPIC_TWICE, "twice");
      assertThat(TestDatabases.dump(twice, false)).isEqualTo(TestDatabases.dump(reference, false));
      // and everything applied again from the start over the same rows: still nothing changes
      try (Connection c = twice.connection(); Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM metrics_offsets");
      }
      run(twice, TOPIC_TWICE, "twice-again");
      assertThat(TestDatabases.dump(twice, false)).isEqualTo(TestDatabases.dump(reference, false));
    }
  }

  @Test
  void aKillMinus9MidStreamAndARestartEndWithTheSameDatabase() throws Exception {
    String url = databases.create("killed");
    Map<Integer, Long> ends = Races.endOffsets(kafka, TOPIC);
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    try (Database killed = databases.open(url)) {
      String childUrl = kind() == TestDatabases.Kind.H2
          ? databases.remoteUrl("killed", databases.serverPort()) : url;
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), MetricsChild.class.getName(),
          kafka.bootstrapServers(), TOPIC, "killed", childUrl,
          kind() == TestDatabases.Kind.H2 ? "-" : TestDatabaseServer.user(),
          kind() == TestDatabases.Kind.H2 || TestDatabaseServer.password().isEmpty() ? "-"
              : TestDatabaseServer.password());
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process child = pb.start();
      long killedAt;
      try {
        Await.until(Duration.ofSeconds(120), () -> {
          if (Races.storedTotal(killed, TOPIC) >= total * 3 / 10) {
            return true;
          }
          assertThat(child.isAlive()).as("the child runner is alive").isTrue();
          return false;
        }, () -> "the child made no progress in time: " + Races.storedTotal(killed, TOPIC)
            + " of " + total + " records stored");
        child.destroyForcibly(); // SIGKILL, wherever it is (maybe mid-transaction)
        child.waitFor();
        killedAt = Races.storedTotal(killed, TOPIC);
      } finally {
        child.destroyForcibly();
      }
      System.out.printf("metrics kill -9 (%s): killed with %d of %d records committed%n", kind(),
          killedAt, total);
      assertThat(killedAt).as("killed mid-stream").isLessThan(total);
      // restart: the offsets that count are the database's, so any group resumes where the
      // killed runner's last transaction ended (a new group also spares the 45 s wait for the
      // dead member's session to expire)
      run(killed, TOPIC, "killed-restart");
      assertThat(TestDatabases.dump(killed, true)).isEqualTo(referenceDump);
    }
  }

  @Test
  void aDatabaseOutageMidStreamLosesNothing() throws Exception {
    databases.create("outage");
    Map<Integer, Long> ends = Races.endOffsets(kafka, TOPIC);
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    try (TcpProxy proxy = new TcpProxy(databases.serverHost(), databases.serverPort());
        Database db = databases.open(databases.remoteUrl("outage", proxy.port()))) {
      MetricsService service = new MetricsService(new MetricsService.Options(
          kafka.bootstrapServers(), "outage", "metrics-outage", 5, TOPIC,
          lts.contracts.Topics.RACE_UPDATES), db, null);
      long[] cutAt = new long[1];
      boolean[] sawPause = new boolean[1];
      Thread chaos = new Thread(() -> {
        try {
          Await.until(Duration.ofSeconds(120),
              () -> Races.storedTotal(db, TOPIC) >= total * 3 / 10,
              () -> Races.storedTotal(db, TOPIC) + " of " + total + " records stored");
          cutAt[0] = Races.storedTotal(db, TOPIC);
          proxy.cut();
          // the outage the test provokes lasts 8 s; its health is sampled meanwhile
          long until = System.currentTimeMillis() + 8_000;
          while (System.currentTimeMillis() < until) {
            sawPause[0] |= service.health() != null;
            Thread.sleep(50);
          }
          proxy.restore();
        } catch (Exception | AssertionError e) {
          proxy.restore();
        }
      }, "chaos");
      chaos.start();
      long ms = Races.runUntil(service, () -> !chaos.isAlive() && Races.caughtUp(db, TOPIC, ends),
          180_000);
      chaos.join();
      Map<String, List<String>> dump = TestDatabases.dump(db, true);
      long lapsLost = referenceDump.get("laps").size() - dump.get("laps").size();
      System.out.printf("metrics outage (%s): attempted %d records, database cut for 8 s at %d, "
          + "paused %s, caught up after %d ms; laps lost %d, rows differing %d%n", kind(), total,
          cutAt[0], sawPause[0], ms, lapsLost, differing(dump, referenceDump));
      assertThat(sawPause[0]).as("the runner saw the outage (health)").isTrue();
      assertThat(cutAt[0]).isLessThan(total);
      assertThat(dump).isEqualTo(referenceDump);
      // the database's problem is gone: the runner was only stopped
      assertThat(service.health()).isEqualTo("metrics stopped");
    }
  }

  private static long differing(Map<String, List<String>> a, Map<String, List<String>> b) {
    long n = 0;
    for (String table : a.keySet()) {
      java.util.Set<String> x = new java.util.HashSet<>(a.get(table));
      java.util.Set<String> y = new java.util.HashSet<>(b.get(table));
      for (String r : x) {
        if (!y.contains(r)) {
          n++;
        }
      }
      for (String r : y) {
        if (!x.contains(r)) {
          n++;
        }
      }
    }
    return n;
  }
}
