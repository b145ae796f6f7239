package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lts.core.event.SessionKind;
import lts.core.standings.TeamStanding;
import org.junit.jupiter.api.Test;

class SessionTest {

  private final Session race = new Session(3, new Snapshot(SessionKind.RACE));

  @Test
  void rowsKeepGridOrderBeyondTheFirst32() {
    for (int id = 100; id < 140; id++) {
      race.add(id);
    }

    assertThat(race.size()).isEqualTo(40);
    assertThat(race.find(139).rowId).isEqualTo(139);
    assertThat(race.competitor(35).rowId).isEqualTo(135);
    assertThat(race.find(99)).isNull();
  }

  @Test
  void standingsShowUnknownValuesAsNull() {
    Competitor kart = race.add(7);
    kart.number = "12";
    kart.laps = 30;

    assertThat(race.standings()).containsExactly(
        new TeamStanding(7, "12", null, null, null, 30, null, null, null, false));
  }

  @Test
  void aReSentSnapshotMatchesWhenKindTitlesAndMostRowsAgree() {
    race.title1 = "12H";
    race.title2 = "";
    race.add(1);
    race.add(2);
    Snapshot same = new Snapshot(SessionKind.RACE);
    same.title1 = "12H";
    same.grid = new Grid(Map.of(), List.of(new Grid.Row(1, 1, Map.of()),
        new Grid.Row(9, 2, Map.of())), true);
    Snapshot otherRows = new Snapshot(SessionKind.RACE);
    otherRows.title1 = "12H";
    otherRows.grid = new Grid(Map.of(), List.of(new Grid.Row(8, 1, Map.of()),
        new Grid.Row(9, 2, Map.of())), true);
    Snapshot practice = new Snapshot(SessionKind.PRACTICE);
    practice.title1 = "12H";

    assertThat(race.matches(same)).isTrue();
    assertThat(race.matches(otherRows)).isFalse();
    assertThat(race.matches(practice)).isFalse();
  }
}
