package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TruthRecorderTest {

  @Test
  void aKartIsGoodOrBadFromOneHundredAndFiftyMillisecondsOn() {
    assertThat(TruthRecorder.label(-150)).isEqualTo(Truth.Label.GOOD);
    assertThat(TruthRecorder.label(-149)).isEqualTo(Truth.Label.NEUTRAL);
    assertThat(TruthRecorder.label(149)).isEqualTo(Truth.Label.NEUTRAL);
    assertThat(TruthRecorder.label(150)).isEqualTo(Truth.Label.BAD);
  }

  @Test
  void theTruthPutsTheRecordedRaceTogetherInTableOrder() {
    RaceSettings settings = new RaceSettings(2, 4, 1, 1, 1, 60, 50, 1, 9);
    List<RacingTeam> teams = SampleRace.teams(2);
    RacingTeam a = teams.get(0);
    RacingTeam b = teams.get(1);
    a.kart = 1;
    b.kart = 2;
    PitLane lane = new PitLane(1, new int[] {3, 4}, 60_000);
    LapTimeModel laps = new LapTimeModel(65_400.6, 2_000, new long[] {0, -200, 0, 160, 10},
        SampleRace.TIMELINE);
    TruthRecorder recorder = new TruthRecorder();

    // b stops once (stint 1, pit stop 1, stint 2); a drives one stint
    b.stintStart = 45_000;
    b.laps = 10;
    recorder.stintEnded(b, 700_000);
    b.endStint(700_000);
    b.pits = 1;
    PitVisit visit = lane.enter(700_000, b.kart, b.laps, new SplittableRandom(1));
    int taken = lane.takeFront(visit.row());
    recorder.pitStop(b, visit, 770_000, taken, "DRIVER 2", "DRIVER 2");
    b.kart = taken;
    b.stintNo = 2;
    b.stintStart = 770_000;
    b.stintStartLap = 10;
    b.laps = 50;
    a.stintStart = 45_000;
    a.laps = 52;
    recorder.stintEnded(b, 3_800_000);
    b.endStint(3_800_000);
    recorder.stintEnded(a, 3_790_000);
    a.endStint(3_790_000);
    recorder.penalty(a, 2_000_000, 1, "VELOCIDAD EN PIT");
    Standings standings = new Standings(teams);
    standings.sort();

    Truth truth = recorder.truth(new TruthRecorder.Race(settings, "1H RESISTENCIA SIMULADA",
        SampleRace.TIMELINE, laps, lane, teams, standings, 3_790_000,
        new FeedConnection.Counts(900, 2_000, 3_800_000, 2, 7), List.of()));

    assertThat(truth.karts()).containsExactly(new Truth.Kart(1, -200, Truth.Label.GOOD),
        new Truth.Kart(2, 0, Truth.Label.NEUTRAL), new Truth.Kart(3, 160, Truth.Label.BAD),
        new Truth.Kart(4, 10, Truth.Label.NEUTRAL));
    assertThat(truth.stints()).containsExactly(
        new Truth.Stint(1, 1, "DRIVER 1", 1, 45_000, 3_790_000, 0, 52),
        new Truth.Stint(2, 1, "DRIVER 2", 2, 45_000, 700_000, 0, 10),
        new Truth.Stint(2, 2, "DRIVER 2", 3, 770_000, 3_800_000, 10, 50));
    assertThat(truth.pitStops()).containsExactly(new Truth.PitStop(2, 1, 10, 700_000, 770_000,
        1, 2, 3, "DRIVER 2", "DRIVER 2"));
    assertThat(truth.initialRows()).isEqualTo(List.of(List.of(3, 4)));
    assertThat(truth.finalRows()).isEqualTo(List.of(List.of(4, 2)));
    assertThat(truth.teams().get(1).drivers()).containsExactly(
        new Truth.Driver("DRIVER 2", 0, 655_000 + 3_030_000, 2));
    assertThat(truth.results()).extracting(Truth.Result::rowId).containsExactly(1, 2);
    assertThat(truth.penalties()).containsExactly(
        new Truth.Penalty(1, "1", 2_000_000, 1, "VELOCIDAD EN PIT"));
    assertThat(truth.baseLapMs()).isEqualTo(65_401);
    assertThat(truth.chequeredAtMs()).isEqualTo(3_790_000);
    assertThat(truth.endAtMs()).isEqualTo(3_800_000);
    assertThat(truth.frames()).isEqualTo(900);
    assertThat(truth.lines()).isEqualTo(2_000);
    assertThat(truth.junkFrames()).isEqualTo(2);
    assertThat(truth.reconnect()).isEqualTo(new Truth.Reconnect(2_000_000, 1_990_000, 7));
    assertThat(truth.yellow()).isEqualTo(new Truth.Yellow(1_000_000, 1_060_000));
    assertThat(truth.eventCode()).isEqualTo("sim-9");
    assertThat(truth.title2()).isEqualTo("CARRERA");
  }
}
