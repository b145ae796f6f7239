package lts.simulator;

import java.util.SplittableRandom;

/**
 * The random draws of the model, computed with {@link StrictMath} so that a seed gives the same
 * numbers on every JVM.
 */
final class Draws {

  private Draws() {
  }

  /** Standard normal (Box-Muller). */
  static double gauss(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /** Exponential with the given mean. */
  static double exponential(SplittableRandom r, double mean) {
    return -mean * StrictMath.log(1.0 - r.nextDouble());
  }

  /** The integers {@code from..to} in random order (Fisher-Yates). */
  static int[] shuffledRange(int from, int to, SplittableRandom rng) {
    int[] a = new int[Math.max(0, to - from + 1)];
    for (int i = 0; i < a.length; i++) {
      a[i] = from + i;
    }
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
}
