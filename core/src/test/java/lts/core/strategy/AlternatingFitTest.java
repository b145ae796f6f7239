package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlternatingFitTest {

  @Test
  void noLapsGiveNoStintsTheStartingNoiseAndNoWarmUp() {
    KartModel.Fit fit = new AlternatingFit(List.of(), KartModel.Settings.DEFAULT).run();
    assertThat(fit.stints()).isEmpty();
    assertThat(fit.drivers()).isEmpty();
    assertThat(fit.noiseMs()).isEqualTo(250);
    assertThat(fit.warmupMs()).containsExactly(0L, 0L, 0L);
  }

  @Test
  void stintsAndDriversComeOutByTeamThenStintOrName() {
    List<KartModel.Lap> laps = List.of(
        new KartModel.Lap(2, 1, "Z", 60_000, 1_000, 0),
        new KartModel.Lap(1, 2, "B", 60_000, 2_000, 0),
        new KartModel.Lap(1, 1, "A", 60_000, 3_000, 0));
    KartModel.Fit fit = new AlternatingFit(laps, KartModel.Settings.DEFAULT).run();
    assertThat(fit.stints()).extracting(KartModel.StintKart::rowId, KartModel.StintKart::stint)
        .containsExactly(tuple(1, 1),
            tuple(1, 2), tuple(2, 1));
    assertThat(fit.drivers()).extracting(KartModel.DriverEffect::driver)
        .containsExactly("A", "B", "Z");
  }
}
