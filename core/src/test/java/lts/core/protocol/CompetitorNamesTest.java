package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
import org.junit.jupiter.api.Test;

class CompetitorNamesTest {

  private final EventLog log = new EventLog();
  private final CompetitorNames names = new CompetitorNames(log.events);
  private final Session race = EventLog.race(Map.of());
  private final Competitor kart = race.add(8);

  @Test
  void aDrteamCellNamesTheDriverAndTheirTimeInTheCar() {
    names.nameCell(race, kart, EventLog.line("r8c5|drteam|ANA P&#xC9;REZ [1:05]"));
    names.nameCell(race, kart, EventLog.line("r8c5||ANA P&#xC9;REZ [1:05]"));

    assertThat(log.only(DriverOnTrack.class))
        .extracting(DriverOnTrack::driver, DriverOnTrack::drivingTimeMs)
        .containsExactly(tuple("ANA PÉREZ", 65 * 60_000L));
  }

  @Test
  void aDriverWithoutTimeHasNone() {
    names.nameCell(race, kart, EventLog.line("r8c5|drteam|LUIS"));

    assertThat(log.only(DriverOnTrack.class))
        .extracting(DriverOnTrack::driver, DriverOnTrack::drivingTimeMs)
        .containsExactly(tuple("LUIS", null));
  }

  @Test
  void aTeamNameRegistersTheRowOncePerName() {
    kart.number = "7";
    names.nameCell(race, kart, EventLog.line("r8c5|dr|KART TEAM"));
    names.nameCell(race, kart, EventLog.line("r8c5|dr|KART TEAM"));
    names.nameCell(race, kart, EventLog.line("r8c5|dr| KART TEAM "));

    assertThat(log.only(CompetitorRegistered.class))
        .extracting(CompetitorRegistered::number, CompetitorRegistered::name)
        .containsExactly(tuple("7", "KART TEAM"));
  }

  @Test
  void aNewNumberRegistersTheRowAgain() {
    kart.name = "KTA";
    names.numberCell(race, kart, EventLog.line("r8c4|no1|12"));
    names.numberCell(race, kart, EventLog.line("r8c4|no1|12"));

    assertThat(log.only(CompetitorRegistered.class))
        .extracting(CompetitorRegistered::number, CompetitorRegistered::name)
        .containsExactly(tuple("12", "KTA"));
  }

  @Test
  void aNewSnapshotRowIsRegisteredThenItsDriverShown() {
    names.snapshotRow(race, kart, true, "3", new Grid.Cell("drteam", "EVA [0:10]"));

    assertThat(log.emitted).hasSize(2);
    assertThat(log.emitted.get(0)).isInstanceOfSatisfying(CompetitorRegistered.class,
        r -> assertThat(r.number()).isEqualTo("3"));
    assertThat(log.emitted.get(1)).isInstanceOfSatisfying(DriverOnTrack.class,
        d -> assertThat(d.drivingTimeMs()).isEqualTo(10 * 60_000L));
  }

  @Test
  void aKnownSnapshotRowWithTheSameNameIsNotRegisteredAgain() {
    kart.number = "3";
    kart.name = "KTA";
    names.snapshotRow(race, kart, false, "3", new Grid.Cell("dr", "KTA"));

    assertThat(log.emitted).isEmpty();
  }
}
