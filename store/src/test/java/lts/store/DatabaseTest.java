package lts.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void urlsOfMySqlMariaDbAndH2AreTakenOthersRefused() {
    assertThat(Database.normalizeUrl("jdbc:mysql://h:3306/lts")).isEqualTo("jdbc:mysql://h:3306/lts");
    assertThat(Database.normalizeUrl("jdbc:mariadb://h:3306/lts")).isEqualTo("jdbc:mysql://h:3306/lts");
    assertThat(Database.normalizeUrl("jdbc:h2:mem:x"))
        .isEqualTo("jdbc:h2:mem:x;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    assertThat(Database.normalizeUrl("jdbc:h2:file:/tmp/x;MODE=MySQL"))
        .isEqualTo("jdbc:h2:file:/tmp/x;MODE=MySQL;DATABASE_TO_LOWER=TRUE");
    assertThatThrownBy(() -> Database.normalizeUrl("jdbc:postgresql://h/lts"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://");
    assertThatThrownBy(() -> Database.normalizeUrl(" ")).hasMessageContaining("--db_url");
    assertThat(Database.redact("jdbc:mysql://h/x?user=a&password=secret&x=1"))
        .isEqualTo("jdbc:mysql://h/x?user=a&password=***&x=1");
  }

  @Test
  void anUnreachableDatabaseFailsFastSayingWhichUrlAndWhatToDo() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Database.open("jdbc:mysql://127.0.0.1:1/lts", "root", null))
        .isInstanceOf(Database.UnavailableException.class)
        .hasMessageContaining("jdbc:mysql://127.0.0.1:1/lts")
        .hasMessageContaining("Is the server running");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
  }

  @Test
  void theMigrationsRunOnH2AndAgainChangeNothing() throws Exception {
    String url = "jdbc:h2:mem:migrations_" + System.nanoTime();
    try (Database db = Database.open(url, null, null); Database again = Database.open(url, null, null);
        Connection c = again.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM metrics_schema_history WHERE version = '1' AND success")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(db.url()).contains("MODE=MySQL");
    }
  }
}
