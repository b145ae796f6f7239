package lts.simulator.kartmodel;

import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * P(good kart if we stop now) from {@link GoodKartOdds} and {@link KartModel} (fitted at each
 * pit-in, as `lts metrics` does) against whether the kart the team then took was truly good
 * (simulator seeds 1–20; {@code -Dkartmodel.seeds=101} for the tuning seeds 101–120). Prints the
 * predicted vs observed share per decile of the prediction (docs/MODEL.md) and asserts the
 * issue's target: within ±0.1 in every decile with at least 30 stops, and within ±0.1 plus the
 * sampling error (2.58 standard errors) in the smaller ones. About a CPU-minute (a fit at every
 * pit-in of 20 races).
 */
class KartOddsCalibrationTest {

  @Test
  void predictedGoodKartOddsMatchTheObservedSharePerDecile() {
    List<double[]> all = new ArrayList<>();
    long from = Long.getLong("kartmodel.seeds", 1);
    for (long seed = from; seed < from + 20; seed++) {
      all.addAll(KartModelStudy.run(seed, KartModel.Settings.DEFAULT, false, true).odds);
    }
    int[] n = new int[10];
    double[] predicted = new double[10];
    double[] observed = new double[10];
    for (double[] o : all) {
      int bin = Math.min(9, (int) (o[0] * 10));
      n[bin]++;
      predicted[bin] += o[0];
      observed[bin] += o[1];
    }
    System.out.println("| P(good) | stops | mean predicted | observed good |");
    double worst = 0;
    for (int b = 0; b < 10; b++) {
      if (n[b] == 0) {
        continue;
      }
      double p = predicted[b] / n[b];
      double obs = observed[b] / n[b];
      System.out.printf("| %.1f–%.1f | %d | %.2f | %.2f |%n", b / 10.0, (b + 1) / 10.0, n[b], p,
          obs);
      if (n[b] >= 30) {
        worst = Math.max(worst, Math.abs(p - obs));
      }
      if (n[b] >= 5) {
        double tolerance = 0.1 + (n[b] >= 30 ? 0 : 2.58 * Math.sqrt(p * (1 - p) / n[b]));
        assertThat(Math.abs(p - obs)).as("decile %.1f: %d stops, predicted %.3f, observed %.3f",
            b / 10.0, n[b], p, obs).isLessThanOrEqualTo(tolerance);
      }
    }
    System.out.printf("stops %d, largest |predicted - observed| over deciles with >= 30 stops: "
        + "%.2f%n", all.size(), worst);
    assertThat(all).hasSizeGreaterThan(1000);
    assertThat(worst).isLessThanOrEqualTo(0.1);
    // and it tells stops apart: its Brier score beats always predicting the overall share
    double share = all.stream().mapToDouble(o -> o[1]).average().orElse(0);
    double brier = all.stream().mapToDouble(o -> (o[0] - o[1]) * (o[0] - o[1])).average().orElse(1);
    double reference = all.stream().mapToDouble(o -> (share - o[1]) * (share - o[1])).average()
        .orElse(0);
    System.out.printf("Brier score %.4f, always %.2f: %.4f (skill %.1f %%)%n", brier, share,
        reference, 100 * (1 - brier / reference));
    assertThat(brier).isLessThan(reference);
  }
}
