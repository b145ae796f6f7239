package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(Medians.median(new double[] {9, 1, 5})).isEqualTo(5);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Medians.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
  }

  @Test
  void theMedianOfNothingIsZero() {
    assertThat(Medians.median(new double[0])).isZero();
  }

  @Test
  void theMedianLeavesTheValuesInTheirOrder() {
    double[] values = {3, 1, 2};
    Medians.median(values);
    assertThat(values).containsExactly(3, 1, 2);
  }

  @Test
  void theMadIgnoresOneFarOutlier() {
    // median 2; deviations 1, 0, 1, 98 -> median 1
    assertThat(Medians.mad(new double[] {1, 2, 3, 100})).isEqualTo(1);
  }
}
