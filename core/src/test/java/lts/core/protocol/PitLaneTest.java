package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import org.junit.jupiter.api.Test;

class PitLaneTest {

  private final EventLog log = new EventLog();
  private final PitLane pitLane = new PitLane(log.events);
  private final Session race = EventLog.race(Map.of());
  private final Competitor kart = race.add(4);

  @Test
  void pitOutCarriesTheTimeTheClockShowedInTheLane() {
    pitLane.pitIn(race, kart);
    pitLane.clockCell(kart, EventLog.line("r4c11|to|1:12"));
    pitLane.pitOutLine(race, kart);

    assertThat(log.emitted).hasSize(2);
    assertThat(log.emitted.get(0)).isInstanceOf(PitIn.class);
    assertThat(((PitOut) log.emitted.get(1)).pitTimeMs()).isEqualTo(72_000L);
    assertThat(kart.pitClockMs).isEqualTo(-1);
  }

  @Test
  void atTheFeedsPacePitOutSaysTheRowEnteredTheLaneAtItsPitInFrame() {
    // a tick the network delayed (108 s showing 4 s) does not move the pit-in (read as fast as
    // possible, where instants are lower bounds, the latest tick less its time does:
    // StintTimesTruthTest)
    log.frame(100_000);
    pitLane.pitIn(race, kart);
    log.frame(101_000);
    pitLane.clockCell(kart, EventLog.line("r4c11|to|01."));
    log.frame(108_000);
    pitLane.clockCell(kart, EventLog.line("r4c11|to|04."));
    log.frame(110_000);
    pitLane.pitOutLine(race, kart);
    // the next stop starts from its own pit-in frame
    log.frame(200_000);
    pitLane.pitIn(race, kart);
    log.frame(230_000);
    pitLane.pitOutLine(race, kart);
    log.frame(231_000);

    assertThat(log.only(PitOut.class)).extracting(PitOut::inAt)
        .containsExactly(100_000L, 200_000L);
    assertThat(log.only(PitOut.class)).extracting(PitOut::at)
        .containsExactly(110_000L, 230_000L);
  }

  @Test
  void repeatedInOrOutLinesChangeNothing() {
    pitLane.pitIn(race, kart);
    pitLane.pitIn(race, kart);
    pitLane.pitOutLine(race, kart);
    pitLane.pitOutLine(race, kart);

    assertThat(log.emitted).hasSize(2);
  }

  @Test
  void aClockCellOfAnotherClassIsNotThePitTime() {
    pitLane.clockCell(kart, EventLog.line("r4c11|in|0:40"));

    assertThat(kart.pitClockMs).isEqualTo(-1);
  }

  @Test
  void thePitCountChangesAndABlankCellClearsIt() {
    pitLane.pitsCell(race, kart, EventLog.line("r4c13|in|2"));
    pitLane.pitsCell(race, kart, EventLog.line("r4c13|in|2"));
    pitLane.pitsCell(race, kart, EventLog.line("r4c13|in|"));
    pitLane.pitsCell(race, kart, EventLog.line("r4c13|in|two"));

    assertThat(log.only(PitCountChanged.class)).extracting(PitCountChanged::pits)
        .containsExactly(2, null);
    assertThat(log.counters.stats().badValues()).isEqualTo(1);
  }

  @Test
  void aSnapshotClockOfClassToPutsTheRowInTheLane() {
    pitLane.snapshotClock(race, kart, new Grid.Cell("to", "0:35"), false);
    pitLane.snapshotClock(race, kart, new Grid.Cell("in", ""), false);
    pitLane.snapshotClock(race, kart, new Grid.Cell("in", ""), false);

    assertThat(log.emitted).hasSize(2);
    assertThat(((PitOut) log.emitted.get(1)).pitTimeMs()).isEqualTo(35_000L);
    assertThat(kart.pit).isEqualTo(Competitor.Pit.OUT);
  }

  @Test
  void aSnapshotPitCountIgnoresBlankCells() {
    pitLane.snapshotPits(race, kart, "");
    pitLane.snapshotPits(race, kart, "3");

    assertThat(log.only(PitCountChanged.class)).extracting(PitCountChanged::pits)
        .containsExactly(3);
  }

  @Test
  void aSnapshotJustAfterAPitOutStillShowingItsClockOpensNoStop() {
    pitLane.pitIn(race, kart);
    pitLane.clockCell(kart, EventLog.line("r4c11|to|2:01"));
    pitLane.pitOutLine(race, kart);
    // a re-sent grid before the row's next crossing: the cell keeps class 'to' and the stop's time
    pitLane.snapshotClock(race, kart, new Grid.Cell("to", "2:01"), false);

    assertThat(log.only(PitIn.class)).hasSize(1);
    assertThat(kart.pit).isEqualTo(Competitor.Pit.OUT);
  }

  @Test
  void aSnapshotShowingTheRowInTheLaneAgainOpensAStop() {
    pitLane.pitIn(race, kart);
    pitLane.clockCell(kart, EventLog.line("r4c11|to|2:01"));
    pitLane.pitOutLine(race, kart);
    pitLane.snapshotClock(race, kart, new Grid.Cell("to", "0:42"), false); // another clock
    pitLane.pitOutLine(race, kart);
    pitLane.snapshotClock(race, kart, new Grid.Cell("to", "0:42"), true); // the count went up

    assertThat(log.only(PitIn.class)).hasSize(3);
  }

  @Test
  void aSnapshotPitCountSaysWhetherItWentUp() {
    assertThat(pitLane.snapshotPits(race, kart, "3")).as("first seen").isFalse();
    assertThat(pitLane.snapshotPits(race, kart, "4")).isTrue();
    assertThat(pitLane.snapshotPits(race, kart, "4")).isFalse();
  }
}
