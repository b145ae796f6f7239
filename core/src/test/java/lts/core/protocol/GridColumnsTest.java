package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridColumnsTest {

  @Test
  void mapsColumnNumbersToTypesBothWays() {
    GridColumns columns = GridColumns.of(Map.of(4, ColumnType.NUMBER, 6, ColumnType.LAPS));

    assertThat(columns.type(4)).isEqualTo(ColumnType.NUMBER);
    assertThat(columns.type(5)).isNull();
    assertThat(columns.type(99)).isNull();
    assertThat(columns.numberOf(ColumnType.LAPS)).isEqualTo(6);
    assertThat(columns.numberOf(ColumnType.GAP)).isEqualTo(-1);
    assertThat(columns.has(ColumnType.LAPS)).isTrue();
    assertThat(columns.has(ColumnType.PITS)).isFalse();
  }

  @Test
  void theFirstColumnOfATypeWins() {
    Map<Integer, ColumnType> header = new LinkedHashMap<>();
    header.put(8, ColumnType.SECTOR);
    header.put(9, ColumnType.SECTOR);

    assertThat(GridColumns.of(header).numberOf(ColumnType.SECTOR)).isEqualTo(8);
  }

  @Test
  void noGridHasNoColumn() {
    assertThat(GridColumns.NONE.type(0)).isNull();
    assertThat(GridColumns.NONE.has(ColumnType.NAME)).isFalse();
  }
}
