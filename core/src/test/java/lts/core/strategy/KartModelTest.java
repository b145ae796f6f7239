package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KartModelTest {

  /** Twelve teams, two drivers each (one 0.1 s slower: within the driver prior; a gap far beyond it leaks partly into the karts), stints alternating drivers. */
  private static List<KartModel.Lap> race(long[][] kart) {
    SplittableRandom random = new SplittableRandom(3);
    List<KartModel.Lap> laps = new ArrayList<>();
    for (int team = 0; team < 12; team++) {
      long at = 1_000_000;
      for (int stint = 1; stint <= 6; stint++) {
        String driver = stint % 2 == 1 ? "A" : "B";
        long driverMs = driver.equals("B") ? 100 : 0;
        for (int lap = 2; lap <= 30; lap++) {
          at += 65_000;
          long noise = Math.round(random.nextGaussian() * 200);
          laps.add(new KartModel.Lap(100 + team, stint, driver,
              65_000 + team * 100L + driverMs + kart[team][stint - 1] + noise + at / 10_000, at,
              stint == 1 ? 0 : lap));
        }
      }
    }
    return laps;
  }

  @Test
  void separatesTheKartFromTheDriver() {
    // each driver gets one fast, one neutral and one slow kart; teams are shifted in time so the
    // field is not faster or slower as a whole at any moment
    long[] pattern = {-400, 400, 0, 0, 400, -400};
    long[][] kart = new long[12][6];
    for (int t = 0; t < 12; t++) {
      for (int s = 0; s < 6; s++) {
        kart[t][s] = pattern[(s + t) % 6];
      }
    }
    KartModel.Fit fit = KartModel.fit(race(kart));
    assertThat(fit.stints()).hasSize(72);
    for (int t = 0; t < 12; t++) {
      for (int s = 0; s < 6; s++) {
        KartModel.StintKart k = fit.stint(100 + t, s + 1);
        if (kart[t][s] < 0) {
          assertThat(k.label()).isEqualTo(KartLabel.GOOD);
        } else if (kart[t][s] > 0) {
          assertThat(k.label()).isEqualTo(KartLabel.BAD);
        } else {
          assertThat(Math.abs(k.effectMs())).isLessThan(150);
        }
        assertThat(k.laps()).isEqualTo(29);
      }
    }
    assertThat(fit.drivers()).hasSize(24);
    assertThat(fit.noiseMs()).isBetween(150L, 250L);
  }

  @Test
  void tooFewLapsOrNoLapsIsUnknown() {
    List<KartModel.Lap> laps = new ArrayList<>();
    laps.add(new KartModel.Lap(1, 1, "A", 65_000, 1_000, 0));
    laps.add(new KartModel.Lap(1, 1, "A", 64_000, 66_000, 0));
    KartModel.Fit fit = KartModel.fit(laps);
    assertThat(fit.stint(1, 1).label()).isEqualTo(KartLabel.UNKNOWN);
    assertThat(fit.stint(1, 2)).isNull();
    assertThat(KartModel.fit(List.of()).stints()).isEmpty();
  }

  @Test
  void goodProbabilityIsThePosteriorMassAtLeast150MsFaster() {
    // at the threshold: even odds; one sd beyond it either side: Phi(1), 1 - Phi(1)
    assertThat(kart(-150, 100).goodProbability()).isCloseTo(0.5, within(1e-6));
    assertThat(kart(-250, 100).goodProbability()).isCloseTo(0.841345, within(1e-6));
    assertThat(kart(-50, 100).goodProbability()).isCloseTo(0.158655, within(1e-6));
    assertThat(kart(-175, 50).goodProbability()).isCloseTo(0.691462, within(1e-6));
    assertThat(kart(300, 100).goodProbability()).isLessThan(1e-5);
    // the prior: N(0, 300 ms), P(effect <= -150 ms) = Phi(-0.5)
    assertThat(KartModel.priorGoodProbability(KartModel.Settings.DEFAULT))
        .isCloseTo(0.308538, within(1e-6));
  }

  private static KartModel.StintKart kart(long effectMs, long sdMs) {
    return new KartModel.StintKart(1, 1, effectMs, sdMs, 10, 0, KartLabel.UNKNOWN);
  }
}
