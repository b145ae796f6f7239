package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lts.core.strategy.KartLabel;
import lts.store.Table;
import lts.strategy.TableRow.LapCorrectionRow;
import lts.strategy.TableRow.LapRow;
import lts.strategy.TableRow.PitQueueRow;
import lts.strategy.TableRow.StintRow;
import org.junit.jupiter.api.Test;

class TableRowTest {

  final LapRow lap = new LapRow("santos", 2, 7, 12, 61_234L, "ANA", 3, "CLEAN", true, false,
      61_000L, false, false, 1_000L, "santos/9/0");

  @Test
  void valuesFollowTheTableColumnsWithFlagsAsOneAndZero() {
    assertThat(lap.values()).hasSize(Table.LAPS.columns().size());
    assertThat(lap.values()).containsExactly("santos", 2, 7, 12, 61_234L, "ANA", 3, "CLEAN", 1, 0,
        61_000L, 0, 0, 1_000L, "santos/9/0");
  }

  @Test
  void theKeyIsTheTableKeyColumns() {
    assertThat(lap.key()).containsExactly("santos", 2, 7, 12);
    LapCorrectionRow correction = new LapCorrectionRow("santos", "santos/4/0", 2, 7, 10, 8,
        "penalty", 5L);
    assertThat(correction.key()).containsExactly("santos", "santos/4/0");
    assertThat(correction.sessionKey()).isEqualTo(new SessionKey("santos", 2));
  }

  @Test
  void labelsAreWrittenByName() {
    StintRow stint = new StintRow("s", 1, 1, 1, 1, null, 3, 3, 2, null, null, null, null, null,
        null, 5, -120L, KartLabel.GOOD);
    assertThat(stint.values()).hasSize(Table.STINTS.columns().size()).last().isEqualTo("GOOD");
    PitQueueRow kart = new PitQueueRow("s", 1, 0, 0, null, null, null, KartLabel.UNKNOWN, null, 9L);
    assertThat(kart.values()).hasSize(Table.PIT_QUEUE.columns().size())
        .element(7).isEqualTo("UNKNOWN");
  }

  @Test
  void everyTableOfASessionHasRowsOfItsOwnWidth() {
    TinyRace race = new TinyRace();
    SessionRows rows = race.rows();
    rows.byTable().forEach((table, list) -> list.forEach(r -> {
      assertThat(r.table()).isEqualTo(table);
      assertThat(r.values()).as(table.tableName()).hasSize(table.columns().size());
    }));
    assertThat(rows.byTable().keySet()).containsExactly(Table.values());
    assertThat(rows.byTable().values()).allSatisfy(l -> assertThat(l).isInstanceOf(List.class));
  }
}
