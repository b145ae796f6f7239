package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.recordings.RecordingWriter;
import lts.store.Database;
import lts.testkit.Await;
import lts.testkit.TestDatabases;

/**
 * Test tool: a recording through the whole pipeline of {@code lts demo} (websocket replay,
 * ws-listener, Kafka, raw storage, parser, metrics, database), or imported with its recorded
 * instants ({@code --import}); the database is read once the race's laps are all in.
 */
final class DemoPipeline {

  /** What a test reads of the database. */
  interface Read<T> {
    T read(Database db) throws SQLException;
  }

  private DemoPipeline() {
  }

  /** A closed stint's driving time. */
  record Driving(int rowId, int stint, Long drivingMs) {
  }

  /** A stint's kart label ({@code GOOD}, {@code BAD}, {@code UNKNOWN}). */
  record StintLabel(int rowId, int stint, String label) {
  }

  /**
   * The rows a strategist reads, instants left out (a replay's offset): compared as they are,
   * durations and scores apart.
   */
  record History(List<String> laps, List<String> stints, List<String> stops, List<Long> stopMs,
      List<Long> scoreMs, List<StintLabel> labels, List<Driving> driving) {

    static History of(Database db) throws SQLException {
      List<Driving> driving = new ArrayList<>();
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT row_id, stint, driving_ms FROM stints WHERE "
              + "end_lap IS NOT NULL ORDER BY session, row_id, stint")) {
        while (rs.next()) {
          long ms = rs.getLong(3);
          driving.add(new Driving(rs.getInt(1), rs.getInt(2), rs.wasNull() ? null : ms));
        }
      }
      List<StintLabel> labels = new ArrayList<>();
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT row_id, stint, label FROM stints "
              + "ORDER BY session, row_id, stint")) {
        while (rs.next()) {
          labels.add(new StintLabel(rs.getInt(1), rs.getInt(2), rs.getString(3)));
        }
      }
      return new History(
          rows(db, "SELECT row_id, lap, time_ms, driver, stint, verdict, clean, yellow, derived, "
              + "superseded FROM laps ORDER BY session, row_id, lap, superseded, event_id"),
          rows(db, "SELECT row_id, stint, start_lap, end_lap, laps, timed_laps, clean_laps, "
              + "driver, best_ms, avg_ms FROM stints ORDER BY session, row_id, stint"),
          rows(db, "SELECT row_id, pit, counted, inferred, lap_in, apex_stop, in_hole, "
              + "lap_in_estimated FROM pit_stops ORDER BY session, row_id, pit"),
          longs(db, "SELECT duration_ms FROM pit_stops ORDER BY session, row_id, pit"),
          longs(db, "SELECT score_ms FROM stints ORDER BY session, row_id, stint"),
          labels, driving);
    }

    /** The closed stints' driving times, in order. */
    List<Long> drivingMs() {
      return driving.stream().map(Driving::drivingMs).toList();
    }
  }

  /**
   * Writes to {@code out} the frames of {@code source} from the first that {@code starts} accepts,
   * for {@code windowMs} of recorded time, cut after the last frame that completed a lap (once the
   * database has that lap, it has everything before it); returns the laps the teams then show,
   * summed (what {@link #run} waits for).
   */
  static long window(Path source, Predicate<RecordedFrame> starts, long windowMs, Path out)
      throws IOException {
    List<RecordedFrame> frames = new ArrayList<>();
    Map<Integer, Integer> counts = new HashMap<>();
    Map<Integer, Integer> countsAtLastLap = Map.of();
    int lastLapFrame = -1;
    ApexEngine engine = null;
    long start = -1;
    try (RecordingReader reader = RecordingReader.open(source)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        if (start < 0 && starts.test(f)) {
          start = f.at();
          engine = new ApexEngine(f.eventCode());
        }
        if (start < 0) {
          continue;
        }
        if (f.at() - start >= windowMs) {
          break;
        }
        frames.add(f);
        boolean lapped = false;
        for (RaceEvent e : engine.accept(f.at(), f.text())) {
          if (e instanceof LapCompleted l) {
            counts.put(l.rowId(), l.lap());
            lapped = true;
          } else if (e instanceof LapCountCorrected c && c.to() != null) {
            counts.put(c.rowId(), c.to());
          }
        }
        if (lapped) {
          lastLapFrame = frames.size() - 1;
          countsAtLastLap = new HashMap<>(counts);
        }
      }
    }
    assertThat(start).as("the window's first frame in %s", source).isNotNegative();
    try (RecordingWriter writer = RecordingWriter.open(out)) {
      for (RecordedFrame f : frames.subList(0, lastLapFrame + 1)) {
        writer.write(f, "recording");
      }
    }
    return countsAtLastLap.values().stream().mapToLong(Integer::longValue).sum();
  }

  /**
   * Runs {@code recording} at {@code mode} (a speed, {@code max}, or {@code import}) into a new
   * database of {@code dbs}, waits until the last session's teams show {@code laps} laps in all,
   * and returns what {@code read} reads then.
   */
  static <T> T run(TestDatabases dbs, Path recording, String mode, long laps, Read<T> read)
      throws Exception {
    return run(dbs, recording, "s" + mode, mode, laps, read);
  }

  /** The same, into the database {@code name} of {@code dbs}. */
  static <T> T run(TestDatabases dbs, Path recording, String name, String mode, long laps,
      Read<T> read) throws Exception {
    String url = dbs.create(name.replaceAll("[^a-z0-9]", ""));
    DemoCommand demo = new DemoCommand();
    CommandRun run = new CommandRun();
    List<String> args = new ArrayList<>(List.of("--port", "0", "--recording",
        recording.toString(), "--db_url", url, "-v", "3"));
    args.addAll(mode.equals("import") ? List.of("--import") : List.of("--speed", mode));
    CompletableFuture<Integer> code = run.start(demo, args.toArray(String[]::new));
    try {
      assertThat(demo.awaitReady(60_000)).as("demo ready: %s", run.err).isTrue();
      try (Database db = dbs.open(url)) {
        // every lap of the race is in: the last crossings came through
        Await.until(Duration.ofMinutes(20), () -> lapsStored(db) >= laps,
            () -> mode + ": laps stored " + lapsStored(db) + " of " + laps + "; " + run.err);
        return read.read(db);
      }
    } finally {
      demo.stop();
      code.get(60, TimeUnit.SECONDS);
    }
  }

  /** The laps the last session's teams show, summed (-1 while the database cannot say). */
  static long lapsStored(Database db) {
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(laps), 0) FROM teams t WHERE session = "
            + "(SELECT MAX(session) FROM sessions)")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Each row of {@code sql} as {@code column=value,…}. */
  static List<String> rows(Database db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData m = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          row.append(i > 1 ? "," : "").append(m.getColumnLabel(i).toLowerCase()).append('=')
              .append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /** The first column of {@code sql}, nulls kept. */
  static List<Long> longs(Database db, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        long v = rs.getLong(1);
        out.add(rs.wasNull() ? null : v);
      }
    }
    return out;
  }

  /** The largest difference of two lists of values, row by row (null only with null). */
  static long worst(List<Long> a, List<Long> b, String what) {
    assertThat(b).as(what).hasSameSizeAs(a);
    long worst = 0;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) == null || b.get(i) == null) {
        assertThat(b.get(i)).as("%s %d", what, i).isEqualTo(a.get(i));
      } else {
        worst = Math.max(worst, Math.abs(a.get(i) - b.get(i)));
      }
    }
    return worst;
  }

  /**
   * The rows whose labels differ between two runs; each must be a score at the edge of the
   * labels' band (a band limit between the two runs' scores): a kart at -50 ms is GOOD, at -49 ms
   * UNKNOWN.
   */
  static int labelsAtTheEdge(List<StintLabel> labelsA, List<Long> scoresA,
      List<StintLabel> labelsB, List<Long> scoresB) {
    long band = lts.core.strategy.KartModel.Settings.DEFAULT.bandMs();
    assertThat(labelsB).hasSameSizeAs(labelsA);
    int flips = 0;
    for (int i = 0; i < labelsA.size(); i++) {
      assertThat(labelsB.get(i).rowId()).isEqualTo(labelsA.get(i).rowId());
      if (!labelsA.get(i).label().equals(labelsB.get(i).label())) {
        Long x = scoresA.get(i);
        Long y = scoresB.get(i);
        assertThat(x).as("score of stint %d", i).isNotNull();
        assertThat(y).as("score of stint %d", i).isNotNull();
        long lo = Math.min(x, y);
        long hi = Math.max(x, y);
        assertThat(lo <= -band && -band <= hi || lo <= band && band <= hi)
            .as("stint %d: %s (%d ms) vs %s (%d ms): a band limit between the scores", i,
                labelsA.get(i), x, labelsB.get(i), y).isTrue();
        flips++;
      }
    }
    return flips;
  }

  /** Each value of {@code b} within {@code ms} of {@code a}'s (null only with null). */
  static void assertWithin(List<Long> a, List<Long> b, long ms, String what) {
    assertThat(b).as(what).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) == null || b.get(i) == null) {
        assertThat(b.get(i)).as("%s %d", what, i).isEqualTo(a.get(i));
      } else {
        assertThat(Math.abs(a.get(i) - b.get(i))).as("%s %d: %d vs %d", what, i, a.get(i),
            b.get(i)).isLessThanOrEqualTo(ms);
      }
    }
  }
}
