package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedStyleTest {

  private static final RaceSettings RACE = new RaceSettings(8, 10, 1, 1, 2, 120, 40, 2, 3);

  @Test
  void holesLoseTheirFramesAndEachEndsWithAReSentGridOfTheSameRace() {
    SimulatedRace plain = RaceSimulator.simulate(RACE);
    SimulatedRace holed = RaceSimulator.simulate(RACE, FeedStyle.SANTOS.withHoles(3, 5));
    List<Truth.Hole> holes = holed.truth().holes();

    assertThat(holes).hasSize(3);
    assertThat(holes).allSatisfy(h -> assertThat(h.toMs() - h.fromMs()).isEqualTo(300_000));
    assertThat(holed.frames()).noneMatch(f -> holes.stream().anyMatch(h -> h.covers(f.atEpochMs())));
    for (Truth.Hole h : holes) {
      assertThat(holed.frames()).anyMatch(f -> f.atEpochMs() == h.toMs()
          && f.text().startsWith("init|r|"));
      assertThat(plain.frames()).as("the race went on in the hole")
          .anyMatch(f -> h.covers(f.atEpochMs()));
    }
    assertThat(holed.truth().results()).isEqualTo(plain.truth().results());
    assertThat(holed.truth().pitStops()).isEqualTo(plain.truth().pitStops());
    assertThat(holed.truth().toJson()).contains("\"holes\"");
    assertThat(plain.truth().toJson()).doesNotContain("\"holes\"");
  }

  @Test
  void holesThatDoNotFitOrOutOfRangeAreRefusedInWords() {
    assertThat(FeedStyle.SANTOS.withHoles(3, 20).validate(RACE))
        .containsExactly("3 holes of 20 minutes do not fit in the race: at most 14 minutes each");
    assertThatThrownBy(() -> FeedStyle.SANTOS.withHoles(FeedStyle.MAX_HOLES + 1, 5))
        .hasMessageContaining("holes must be 0 to");
    assertThatThrownBy(() -> RaceSimulator.simulate(RACE, FeedStyle.SANTOS.withHoles(3, 20)))
        .hasMessageContaining("do not fit");
  }
}
