package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldBaselineTest {

  private static List<KartModel.Lap> lapsEvery30s(int count) {
    List<KartModel.Lap> laps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      laps.add(new KartModel.Lap(1, 1, "A", 60_000, 1_000_000 + i * 30_000L, 0));
    }
    return laps;
  }

  @Test
  void aSteadyFieldHasAFlatBaselineDespiteOneSlowLap() {
    List<KartModel.Lap> laps = lapsEvery30s(20);
    double[] values = new double[20];
    Arrays.fill(values, 60_000);
    values[10] = 90_000;
    double[] out = new double[20];
    FieldBaseline.rollingMedian(laps, values, 600_000, out);
    assertThat(out).containsOnly(60_000.0);
  }

  @Test
  void theBaselineFollowsAFieldThatGetsFasterOutsideTheWindow() {
    List<KartModel.Lap> laps = lapsEvery30s(40);
    double[] values = new double[40];
    for (int i = 0; i < 40; i++) {
      values[i] = i < 20 ? 61_000 : 60_000;
    }
    double[] out = new double[40];
    // a 2-minute window: the laps at the ends see only their own half of the race
    FieldBaseline.rollingMedian(laps, values, 120_000, out);
    assertThat(out[0]).isCloseTo(61_000, within(1e-9));
    assertThat(out[39]).isCloseTo(60_000, within(1e-9));
  }

  @Test
  void noLapsLeaveTheOutputUntouched() {
    double[] out = {7};
    FieldBaseline.rollingMedian(List.of(), new double[0], 600_000, out);
    assertThat(out).containsExactly(7);
  }
}
