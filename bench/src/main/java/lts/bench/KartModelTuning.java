package lts.bench;

import lts.core.strategy.KartModel;
import lts.simulator.kartmodel.KartModelStudy;

/**
 * Tuning of {@link KartModel} on simulated races of seeds 101–120 (never the test seeds 1–20):
 * prints the accuracy of the kart model and of the simple score for each combination of band,
 * largest posterior sd and minimum clean laps. A study tool, not a test:
 * {@code java -cp bench/target/benchmarks.jar lts.bench.KartModelTuning}.
 */
public final class KartModelTuning {

  private KartModelTuning() {
  }

  public static void main(String[] args) {
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
