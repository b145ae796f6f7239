package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lts.contracts.RaceRules;
import lts.core.event.CompetitorRegistered;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.RaceEvent;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;
import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartLabel;
import lts.strategy.TableRow.OddsRow;
import org.junit.jupiter.api.Test;

/** The model without Kafka or a database: stops, penalties, verdicts, labels, the pit lane. */
class SessionModelTest {

  static final long T0 = 1_000_000_000L;
  final FeedModel feed = new FeedModel("f");
  int n;

  private String id() {
    return "f/" + (++n) + "/0";
  }

  private String apply(RaceEvent e) {
    return feed.apply(e);
  }

  private void start(int teams) {
    apply(new SessionStarted(id(), "f", 1, T0, SessionKind.RACE, "R", "", "T"));
    for (int r = 1; r <= teams; r++) {
      apply(new CompetitorRegistered(id(), "f", 1, T0, r, String.valueOf(r), "TEAM " + r));
    }
  }

  private void lap(int row, int lap, long ms, long at) {
    assertThat(apply(new LapCompleted(id(), "f", 1, at, row, lap, ms, "D" + row, false))).isNull();
  }

  private SessionModel session() {
    return feed.sessions.get(1);
  }

  private SessionRows rows() {
    return session().rows(RaceRules.defaults(5), LabelOverrides.NONE, true);
  }

  /** Some fields of each row joined by "|" (a flag as 1 or 0, as the database shows it). */
  @SafeVarargs
  private static <R> List<String> fields(List<R> rows, Function<R, Object>... fields) {
    return rows.stream().map(r -> {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        Object v = fields[i].apply(r);
        b.append(i == 0 ? "" : "|").append(v instanceof Boolean f ? (f ? 1 : 0) : v);
      }
      return b.toString();
    }).toList();
  }

  @Test
  void theFirstStintStartsAtTheGreenLightSeenBeforeAnyLap() {
    start(1);
    apply(new LightChanged(id(), "f", 1, T0 + 5_000, Light.GREEN));
    // the first lap's instant says little at full speed (read before the clock found its pace)
    lap(1, 1, 70_000, T0 + 20_000);
    lap(1, 2, 60_000, T0 + 80_000);
    // a yellow and green again: not a start
    apply(new LightChanged(id(), "f", 1, T0 + 90_000, Light.YELLOW));
    apply(new LightChanged(id(), "f", 1, T0 + 100_000, Light.GREEN));
    apply(new PitIn(id(), "f", 1, T0 + 125_000, 1));

    assertThat(fields(rows().stints, TableRow.StintRow::startAt, TableRow.StintRow::drivingMs))
        .containsExactly((T0 + 5_000) + "|120000");
  }

  @Test
  void aGreenLightTheRacesGridShowsIsNoStartTheLapTimesTellIt() {
    // the recording began 28 s after the start: its grid shows the green light, no lap yet
    apply(new SessionStarted("f/100/0", "f", 1, T0, SessionKind.RACE, "R", "", "T"));
    apply(new CompetitorRegistered("f/100/1", "f", 1, T0, 1, "1", "TEAM 1"));
    apply(new LightChanged("f/100/2", "f", 1, T0, Light.GREEN));
    // read before the clock found its pace, the first crossing's instant is wrong (40 s late);
    // the laps after it and their times put the start 28 s before the grid
    lap(1, 1, 70_000, T0 + 82_000);
    lap(1, 2, 60_000, T0 + 102_000);
    lap(1, 3, 61_000, T0 + 163_000);
    apply(new PitIn(id(), "f", 1, T0 + 180_000, 1));

    assertThat(session().greenAt).isNull();
    assertThat(fields(rows().stints, TableRow.StintRow::startAt))
        .containsExactly(String.valueOf(T0 - 28_000));
  }

  @Test
  void aGreenLightInTheSnapshotOfARunningRaceIsNoStart() {
    start(1);
    apply(new LapCountCorrected(id(), "f", 1, T0, 1, null, 12, "snapshot"));
    apply(new LightChanged(id(), "f", 1, T0, Light.GREEN));
    lap(1, 13, 60_000, T0 + 30_000);

    assertThat(session().greenAt).isNull();
    assertThat(fields(rows().stints, TableRow.StintRow::startAt))
        .containsExactly(String.valueOf(T0 - 30_000));
  }

  @Test
  void aPitColumnIncreaseWithoutPitInIsAnInferredStopAndADecreaseUncountsTheLastStops() {
    start(1);
    long at = T0;
    for (int l = 1; l <= 3; l++) {
      lap(1, l, 60_000, at += 60_000);
    }
    // the pit column first, the pit-in in the same frame: one stop
    apply(new PitCountChanged(id(), "f", 1, at + 1_000, 1, 1));
    apply(new PitIn(id(), "f", 1, at + 1_000, 1));
    apply(new PitOut(id(), "f", 1, at + 61_000, 1, 60_000L, null));
    lap(1, 4, 125_000, at += 125_000);
    lap(1, 5, 60_000, at += 60_000);
    // the column goes up with no pit-in at all: a stop the feed did not show
    apply(new PitCountChanged(id(), "f", 1, at + 1_000, 1, 2));
    lap(1, 6, 120_000, at += 120_000);
    // a pit-in the column never counts, then race control takes one stop off the column
    apply(new PitIn(id(), "f", 1, at + 1_000, 1));
    apply(new PitOut(id(), "f", 1, at + 61_000, 1, 60_000L, null));
    lap(1, 7, 125_000, at += 125_000);
    apply(new PitCountChanged(id(), "f", 1, at + 1_000, 1, 1));
    SessionRows rows = rows();
    assertThat(fields(rows.pitStops, r -> r.pit(), r -> r.counted(), r -> r.inferred(),
        r -> r.lapIn())).containsExactly("1|1|0|3", "2|0|1|5", "3|0|0|6");
    assertThat(fields(rows.teams, r -> r.pits(), r -> r.pitVisits())).containsExactly("1|3");
    // stints follow the visits to the pit lane: 1-3, 4-5, 6-6, 7-
    assertThat(fields(rows.stints, r -> r.stint(), r -> r.startLap(), r -> r.endLap(),
        r -> r.laps())).containsExactly("1|1|3|3", "2|4|5|2", "3|6|6|1", "4|7|null|1");
  }

  @Test
  void aPenaltySupersedesTheLapsAboveTheNewCountAndMovesStopsDownToIt() {
    start(1);
    long at = T0;
    for (int l = 1; l <= 10; l++) {
      lap(1, l, 60_000 + l, at += 60_000);
      if (l == 9) {
        apply(new PitIn(id(), "f", 1, at + 1_000, 1));
        apply(new PitOut(id(), "f", 1, at + 50_000, 1, 49_000L, null));
      }
    }
    apply(new LapCountCorrected(id(), "f", 1, at, 1, 10, 7, "feed"));
    lap(1, 8, 61_000, at += 61_000);
    SessionRows rows = rows();
    assertThat(fields(rows.laps, r -> r.lap(), r -> r.superseded())).containsExactly("9|1",
        "10|1", "1|0", "2|0", "3|0", "4|0", "5|0", "6|0", "7|0", "8|0");
    assertThat(fields(rows.pitStops, r -> r.lapIn())).containsExactly("7"); // moved 9 → 7
    assertThat(fields(rows.stints, r -> r.stint(), r -> r.startLap(), r -> r.endLap(),
        r -> r.laps())).containsExactly("1|1|7|7", "2|8|null|1");
    assertThat(fields(rows.teams, r -> r.laps())).containsExactly("8");
    assertThat(fields(rows.corrections, r -> r.fromLaps(), r -> r.toLaps(), r -> r.reason()))
        .containsExactly("10|7|feed");
  }

  @Test
  void verdictsKartLabelsFromTheKartModelAndThePitLaneOdds() {
    start(3);
    long at = T0;
    // each team keeps its driver; in stint 1 team 1 has a kart 0.4 s faster than the others and
    // team 3 one 0.4 s slower; a yellow lap at lap 6
    for (int l = 1; l <= 12; l++) {
      at += 60_000;
      if (l == 6) {
        apply(new LightChanged(id(), "f", 1, at - 1, Light.YELLOW));
      }
      if (l == 7) {
        apply(new LightChanged(id(), "f", 1, at - 1, Light.GREEN));
      }
      lap(1, l, 59_600 + (l % 3) * 20, at);
      lap(2, l, 60_000 + (l % 3) * 20, at + 10);
      lap(3, l, 60_400 + (l % 3) * 20, at + 20);
    }
    // team 1 stops: its kart goes to the pit lane, it takes the spare (an average kart)
    apply(new PitIn(id(), "f", 1, at + 1_000, 1));
    apply(new PitOut(id(), "f", 1, at + 60_000, 1, 59_000L, null));
    // team 3 stops: leaves its kart, takes team 1's
    apply(new PitIn(id(), "f", 1, at + 2_000, 3));
    apply(new PitOut(id(), "f", 1, at + 61_000, 3, 59_000L, null));
    at += 61_000;
    for (int l = 13; l <= 24; l++) {
      at += 60_000;
      lap(1, l, 60_000 + (l % 3) * 20, at);
      lap(2, l, 60_000 + (l % 3) * 20, at + 10);
      lap(3, l, 59_600 + (l % 3) * 20, at + 20);
    }
    SessionRows rows = rows();
    List<String> verdicts = fields(rows.laps, r -> r.rowId(), r -> r.lap(), r -> r.verdict());
    assertThat(verdicts).contains("1|1|CLEAN", "1|6|YELLOW", "1|12|IN_LAP", "1|13|OUT_LAP",
        "2|12|CLEAN");
    // the same driver was 0.4 s faster in team 1's stint 1 than after: that kart was good;
    // team 3's stint-1 kart bad; team 2 never changed karts: its kart cannot be told from its
    // driver, and the model keeps it in the neutral band
    List<String> stints = fields(rows.stints, r -> r.rowId(), r -> r.stint(), r -> r.label());
    assertThat(stints).contains("1|1|GOOD", "3|1|BAD", "2|1|UNKNOWN");
    Map<String, Long> effect = new HashMap<>();
    rows.stints.forEach(r -> effect.put(r.rowId() + "/" + r.stint(), r.scoreMs()));
    // (shrunk towards 0 by the model's priors, still well outside the ±50 ms band)
    assertThat(effect.get("1/1")).isBetween(-450L, -150L);
    assertThat(effect.get("3/1")).isBetween(150L, 450L);
    // the pit lane: team 3's bad kart waits
    assertThat(fields(rows.pitQueue, r -> r.pitRow(), r -> r.position(), r -> r.fromRowId(),
        r -> r.label())).containsExactly("0|0|3|BAD");
    assertThat(rows.pitQueue.get(0).label()).isEqualTo(KartLabel.BAD);
    OddsRow odds = rows.odds.get(0);
    double baseRate = odds.baseRate(); // mean over the known karts
    assertThat(baseRate).isBetween(0.05, 0.95);
    // now: the bad kart (or, in a fifth of the stops, one nothing is known about)
    assertThat(odds.pNow()).isLessThan(0.05 + GoodKartOdds.UNPREDICTED_KART_SHARE * baseRate);
    // next: team 2 (out longest) leaves its average kart and takes the bad one: we get team 2's
    assertThat(odds.pNext()).isGreaterThan(odds.pNow());
    assertThat(odds.nextStoppers()).isEqualTo("2,1");
  }

  @Test
  void unknownTeamsAndImpossibleLapsAreRefusedWithoutChangingAnything() {
    start(1);
    assertThat(apply(new LapCompleted(id(), "f", 1, T0, 2, 1, 60_000L, "X", false)))
        .startsWith("unknown team: row 2");
    assertThat(apply(new LapCompleted(id(), "f", 1, T0, 1, -1, 60_000L, "X", false)))
        .startsWith("impossible lap");
    assertThat(apply(new LapCompleted(id(), "f", 1, T0, 1, 1, 0L, "X", false)))
        .startsWith("impossible lap");
    assertThat(apply(new PitIn(id(), "f", 9, T0, 1))).startsWith("unknown team: row 1 in session 9");
    assertThat(rows().laps).isEmpty();
    // the same id twice: applied once
    LapCompleted lap = new LapCompleted("f/x/0", "f", 1, T0 + 60_000, 1, 1, 60_000L, "X", false);
    assertThat(apply(lap)).isNull();
    assertThat(apply(lap)).isNull();
    assertThat(feed.duplicates).isEqualTo(1);
  }
}
