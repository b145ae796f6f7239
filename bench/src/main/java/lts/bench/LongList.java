package lts.bench;

import java.util.Arrays;

/** A growable array of longs with nearest-rank percentiles. */
final class LongList {
  private long[] values = new long[1 << 16];
  private int size;
  private boolean sorted;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
    sorted = false;
  }

  int size() {
    return size;
  }

  long percentile(double p) {
    sort();
    int rank = (int) Math.ceil(p / 100.0 * size);
    return values[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  long max() {
    sort();
    return values[size - 1];
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
  }
}
