package lts.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lts.core.event.LapCompleted;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.core.protocol.FeedStats;
import lts.core.standings.LiveStandings;
import lts.core.standings.TeamStanding;
import lts.testkit.SharedData;
import lts.core.testing.page.ApexPage;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proof on real data: for every session of every recording, folding the engine's events gives
 * what Apex itself displayed last for every row. The yardstick is {@link ApexPage}, a plain model
 * of the page written apart from the engine. A session is checked when it ends (the next
 * {@code init} starts another one: its final state), after every re-snapshot of it (the page then
 * shows the snapshot) and at the end of the file.
 */
class RealRecordingsMatchApexPageTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "santos-12h-2026-04-25.log.gz", "santos-3h-first-30min.ndjson.gz",
      "capkarting-4h-2026-05-31.partial.jsonl.gz", "ariza-sprint-day-2026-05-02.log.gz",
      "rkc-13h-practice-quali.log.gz"})
  void foldedEventsEqualWhatApexDisplayedForEveryRow(String name) throws IOException {
    Path file = SharedData.recording(name);
    ApexEngine engine = new ApexEngine("test");
    ApexPage page = new ApexPage();
    LiveStandings fold = new LiveStandings();
    List<String> mismatches = new ArrayList<>();
    int checkpoints = 0;
    int rowsCompared = 0;
    long frames = 0;
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        RecordedFrame frame = reader.next();
        boolean init = frame.text().startsWith("init|") || frame.text().contains("\ninit|");
        Map<Integer, ApexPage.Row> before = init ? page.rows() : null;
        Map<Integer, String> beforeColumns = init ? page.columnTypes() : null;
        int sessionBefore = engine.session();
        engine.accept(frame.at(), frame.text(), fold::apply);
        page.accept(frame.text());
        frames++;
        if (init) {
          if (engine.session() != sessionBefore && sessionBefore != 0) {
            rowsCompared += compare(name + " @" + frame.at() + " end of session " + sessionBefore,
                before, beforeColumns, fold.teams(sessionBefore), true, mismatches);
          } else {
            rowsCompared += compare(name + " @" + frame.at() + " re-snapshot of session "
                + engine.session(), page.rows(), page.columnTypes(), fold.teams(engine.session()),
                true, mismatches);
          }
          checkpoints++;
        } else if (frames % 499 == 0) {
          // mid-session: a lap may be waiting for its time, so laps and last lap are left out
          rowsCompared += compare(name + " @" + frame.at() + " mid-session " + engine.session(),
              page.rows(), page.columnTypes(), fold.teams(engine.session()), false, mismatches);
          checkpoints++;
        }
      }
    }
    engine.finish(fold::apply);
    rowsCompared += compare(name + " end of file, session " + engine.session(), page.rows(),
        page.columnTypes(), fold.teams(engine.session()), true, mismatches);
    checkpoints++;

    assertThat(mismatches).as("%d mismatches over %d checkpoints, %d rows; first ones",
        mismatches.size(), checkpoints, rowsCompared).isEmpty();
    assertThat(rowsCompared).isPositive();
  }

  @org.junit.jupiter.api.Test
  void lapPenaltiesOfTheTwelveHourRaceAreCorrectionsNotLaps() throws IOException {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");
    ApexEngine engine = new ApexEngine("santos");
    List<lts.core.event.LapCountCorrected> corrections = new ArrayList<>();
    Map<Integer, Integer> lapsEmitted = new LinkedHashMap<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        RecordedFrame frame = reader.next();
        engine.accept(frame.at(), frame.text(), e -> {
          if (e instanceof lts.core.event.LapCountCorrected && e.session() == 5) {
            corrections.add((lts.core.event.LapCountCorrected) e);
          } else if (e instanceof LapCompleted && e.session() == 5) {
            lapsEmitted.merge(((LapCompleted) e).rowId(), 1, Integer::sum);
          }
        });
      }
    }
    // the data README: the laps cell goes 558 -> 553 (a lap penalty) and 166 -> 165 -> 164
    assertThat(corrections).anySatisfy(c -> {
      assertThat(c.from()).isEqualTo(558);
      assertThat(c.to()).isEqualTo(553);
      assertThat(c.reason()).isEqualTo("feed");
    });
    assertThat(corrections).anySatisfy(c -> assertThat(List.of(c.from(), c.to())).isEqualTo(List.of(166, 165)));
    assertThat(corrections).anySatisfy(c -> assertThat(List.of(c.from(), c.to())).isEqualTo(List.of(165, 164)));
    FeedStats stats = engine.stats();
    assertThat(stats.junkFrames()).isPositive();
    // 18 teams, about 600 laps each: never one lap event per timing-line crossing (616 for 604 laps)
    assertThat(lapsEmitted).hasSize(18);
    assertThat(lapsEmitted.values()).allSatisfy(n -> assertThat(n).isBetween(500, 620));
  }

  /** Compares the page's rows with the folded standings; returns how many rows were compared. */
  private static int compare(String where, Map<Integer, ApexPage.Row> pageRows,
      Map<Integer, String> columns, List<TeamStanding> folded, boolean settled,
      List<String> mismatches) {
    Map<Integer, TeamStanding> byRow = new LinkedHashMap<>();
    folded.forEach(t -> byRow.put(t.rowId(), t));
    boolean hasLaps = columns.containsValue("tlp");
    boolean hasPits = columns.containsValue("pit");
    for (ApexPage.Row row : pageRows.values()) {
      TeamStanding t = byRow.get(row.rowId());
      String at = where + " row r" + row.rowId();
      if (t == null) {
        add(mismatches, at + ": row missing from the folded standings");
        continue;
      }
      check(mismatches, at, "number", trim(row.number()), t.number());
      if (row.teamName() != null) {
        check(mismatches, at, "name", row.teamName().trim(), t.name());
      }
      if (row.driver() != null) {
        check(mismatches, at, "driver", row.driver().trim(), t.driver());
      }
      check(mismatches, at, "position", row.position(), t.position());
      if (settled) {
        check(mismatches, at, "last lap", ApexPage.parseTimeMs(row.lastLap()), t.lastLapMs());
      }
      check(mismatches, at, "best lap", ApexPage.parseTimeMs(row.bestLap()), t.bestLapMs());
      if (hasLaps && settled) {
        check(mismatches, at, "laps", count(row.laps()), t.laps());
      }
      if (hasPits) {
        check(mismatches, at, "pits", count(row.pits()), t.pits());
      }
    }
    return pageRows.size();
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static Integer count(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void check(List<String> mismatches, String at, String field, Object page,
      Object folded) {
    if (!Objects.equals(page, folded)) {
      add(mismatches, at + " " + field + ": Apex showed " + page + ", events give " + folded);
    }
  }

  private static void add(List<String> mismatches, String message) {
    if (mismatches.size() < 30) {
      mismatches.add(message);
    } else if (mismatches.size() == 30) {
      mismatches.add("…");
    }
  }
}
