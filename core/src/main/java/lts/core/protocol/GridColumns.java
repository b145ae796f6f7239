package lts.core.protocol;

import java.util.Arrays;
import java.util.Map;

/**
 * A grid's layout from its header: what each column number shows and, the other way, the first
 * column that shows a given type. Immutable.
 */
final class GridColumns {

  /** The layout before any grid: no column at all. */
  static final GridColumns NONE = new GridColumns(new ColumnType[0]);

  private final ColumnType[] byNumber;
  private final int[] numberOf = new int[ColumnType.values().length];

  private GridColumns(ColumnType[] byNumber) {
    this.byNumber = byNumber;
    Arrays.fill(numberOf, -1);
  }

  /** The layout of a parsed header: column number to type. */
  static GridColumns of(Map<Integer, ColumnType> header) {
    int max = 0;
    for (int k : header.keySet()) {
      max = Math.max(max, k);
    }
    GridColumns columns = new GridColumns(new ColumnType[max + 1]);
    for (Map.Entry<Integer, ColumnType> e : header.entrySet()) {
      columns.byNumber[e.getKey()] = e.getValue();
      if (columns.numberOf[e.getValue().ordinal()] < 0) {
        columns.numberOf[e.getValue().ordinal()] = e.getKey();
      }
    }
    return columns;
  }

  /** What column {@code number} shows, or null when the header has no such column. */
  ColumnType type(int number) {
    return number < byNumber.length ? byNumber[number] : null;
  }

  /** The first column showing {@code type}, or -1. */
  int numberOf(ColumnType type) {
    return numberOf[type.ordinal()];
  }

  boolean has(ColumnType type) {
    return numberOf(type) >= 0;
  }
}
