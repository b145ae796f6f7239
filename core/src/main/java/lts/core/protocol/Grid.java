package lts.core.protocol;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code grid||<tbody>…</tbody>}: the columns by number (from the header's
 * {@code data-type}) and the competitor rows in grid order.
 *
 * @param columns column number → what it shows
 * @param rows competitor rows, in the order of the HTML
 * @param complete false when the HTML was cut (missing {@code </tbody>} or rows); rows then hold
 *     only the rows that were complete
 */
public record Grid(Map<Integer, ColumnType> columns, List<Row> rows, boolean complete) {

  /** One cell: its class attribute and decoded text. */
  public record Cell(String cssClass, String text) {
  }

  /**
   * One competitor row.
   *
   * @param position {@code data-pos}, or -1 when absent
   * @param cells column number → cell
   */
  public record Row(int rowId, int position, Map<Integer, Cell> cells) {
  }
}
