package lts.core.strategy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Tuning of {@link KartModel} on seeds 101–120 (never the test seeds 1–20). Off by default:
 * {@code ./mvnw -pl core test -Dtest=KartModelTuning -Dkartmodel.tune=true}.
 */
@EnabledIfSystemProperty(named = "kartmodel.tune", matches = "true")
class KartModelTuning {

  @Test
  void tune() {
    long[] bands = {50, 75, 100};
    double[] maxSds = {170, 185, 1000};
    int[] minLaps = {1, 2, 3};
    for (long band : bands) {
      for (double maxSd : maxSds) {
        for (int min : minLaps) {
          KartModel.Settings s = KartModel.Settings.DEFAULT.withBandMs(band).withMaxSdMs(maxSd)
              .withMinCleanLaps(min);
          KartModelStudy.Tally model = new KartModelStudy.Tally();
          KartModelStudy.Tally simple = new KartModelStudy.Tally();
          for (long seed = 101; seed <= 120; seed++) {
            KartModelStudy.Result r = KartModelStudy.run(seed, s, false);
            model.add(r.model);
            simple.add(r.simple);
          }
          System.out.printf("band %d maxSd %.0f min %d: model %s | simple %s%n", band, maxSd, min,
              model, simple);
        }
      }
    }
  }
}
