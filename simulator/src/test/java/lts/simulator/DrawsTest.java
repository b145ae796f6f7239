package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {

  @Test
  void aShuffledRangeHoldsEveryNumberOnce() {
    int[] a = Draws.shuffledRange(3, 12, new SplittableRandom(1));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertThat(sorted).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(a).isNotEqualTo(sorted);
    assertThat(Draws.shuffledRange(5, 4, new SplittableRandom(1))).isEmpty();
  }

  @Test
  void gaussIsStandardNormalAndExponentialHasItsMean() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 100_000;
    double sum = 0;
    double squares = 0;
    double exp = 0;
    for (int i = 0; i < n; i++) {
      double g = Draws.gauss(r);
      sum += g;
      squares += g * g;
      exp += Draws.exponential(r, 60);
    }
    assertThat(sum / n).isCloseTo(0, within(0.02));
    assertThat(squares / n).isCloseTo(1, within(0.02));
    assertThat(exp / n).isCloseTo(60, within(1.0));
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    assertThat(Draws.gauss(new SplittableRandom(42)))
        .isEqualTo(Draws.gauss(new SplittableRandom(42)));
  }
}
