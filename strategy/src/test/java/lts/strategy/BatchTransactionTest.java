package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import lts.contracts.RaceEventCodec;
import lts.contracts.RaceRules;
import lts.store.Database;
import lts.testkit.TestDatabases;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchTransactionTest {

  TestDatabases databases;
  Database db;
  BatchTransaction transaction;
  final RaceEventCodec codec = new RaceEventCodec();
  final PartitionState state = new PartitionState(0, codec);

  @BeforeEach
  void open() throws Exception {
    databases = new TestDatabases(TestDatabases.Kind.H2, "BatchTransactionTest");
    db = databases.open(databases.create("tx"));
    transaction = new BatchTransaction(db, "race-events",
        new StoredRules(RaceRules.defaults(5)));
    TinyRace race = new TinyRace();
    for (int i = 0; i < race.events.size(); i++) {
      state.apply(new ConsumerRecord<>("race-events", 0, i, "tiny",
          codec.toJson(race.events.get(i)).getBytes(StandardCharsets.UTF_8)), true);
    }
    state.nextOffset = race.events.size();
  }

  @AfterEach
  void close() {
    db.close();
    databases.close();
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void oneBatchIsOneTransactionOfTheRowsAndTheOffsets() throws Exception {
    BatchTransaction.Committed committed = transaction.commit(List.of(state));
    assertThat(count("SELECT COUNT(*) FROM laps")).isEqualTo(16);
    assertThat(count("SELECT next_offset FROM metrics_offsets")).isEqualTo(state.nextOffset);
    assertThat(count("SELECT COUNT(*) FROM race_settings")).isEqualTo(1);
    assertThat(committed.partitions()).containsExactly(state);
    assertThat(committed.updates()).singleElement().satisfies(u -> {
      assertThat(u.eventCode().value()).isEqualTo("tiny");
      assertThat(u.session()).isEqualTo(1);
      assertThat(u.tables()).contains("laps", "pit_queue", "sessions", "teams");
      assertThat(u.at()).isEqualTo(state.feeds.get("tiny").sessions.get(1).lastAt);
    });
    assertThat(state.pending()).isFalse();
    // nothing new read: the next transaction has nothing to do
    assertThat(transaction.commit(List.of()).rows()).isZero();
  }

  @Test
  void anOffsetMovedByAnotherWriterRollsTheTransactionBack() throws Exception {
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO metrics_offsets (topic, kafka_partition, next_offset) "
          + "VALUES ('race-events', 0, 3)");
    }
    assertThatThrownBy(() -> transaction.commit(List.of(state)))
        .isInstanceOf(Writes.FencedException.class)
        .satisfies(e -> assertThat(((Writes.FencedException) e).partitions).containsExactly(0));
    assertThat(count("SELECT COUNT(*) FROM laps")).isZero();
    assertThat(count("SELECT next_offset FROM metrics_offsets")).isEqualTo(3);
    assertThat(state.pending()).isTrue();
  }
}
