package lts.core.strategy;

import java.util.Arrays;
import java.util.List;

/** The robust statistics the kart model is built on: median and median absolute deviation. */
final class Medians {

  private Medians() {
  }

  /** Median of the values, 0 when there are none. */
  static double median(List<Double> values) {
    return median(toArray(values));
  }

  /** Median of the values (mean of the two middle ones for an even count), 0 when none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] a = values.clone();
    Arrays.sort(a);
    int m = a.length;
    return m % 2 == 1 ? a[m / 2] : (a[m / 2 - 1] + a[m / 2]) / 2;
  }

  /** Median absolute deviation from the median (not scaled). */
  static double mad(double[] values) {
    double med = median(values);
    double[] dev = new double[values.length];
    for (int i = 0; i < dev.length; i++) {
      dev[i] = Math.abs(values[i] - med);
    }
    return median(dev);
  }

  static double[] toArray(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
