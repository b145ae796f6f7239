package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lts.contracts.RaceEventCodec;
import lts.contracts.Topics;
import lts.core.event.CompetitorRegistered;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;
import lts.kafka.broker.EmbeddedKafka;
import lts.store.Database;
import lts.testkit.TestBroker;
import lts.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The database says metrics applied a partition further than the topic now goes: the topic was
 * deleted and created again (its history is not the one the database holds). Rebuilding from it
 * would mix two histories, going on from its end would skip what comes next: the runner fails, as
 * the parser does ({@code TopicHistory}), says what to do, and writes nothing.
 */
class RecreatedTopicTest {

  @Test
  void aTopicShorterThanTheStoredOffsetFailsTheRunnerWithWhatToDo() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(1, Topics.ALL);
    String topic = "recreated-" + System.nanoTime();
    Races.createTopics(kafka, List.of(topic, topic + "-updates"), 1);
    RaceEventCodec codec = new RaceEventCodec();
    long at = 1_777_000_000_000L;
    Races.publishRaw(kafka, topic, "tiny", List.of(
        codec.toJson(new SessionStarted("tiny/1/0", "tiny", 1, at, SessionKind.RACE, "T", "",
            "")),
        codec.toJson(new CompetitorRegistered("tiny/1/1", "tiny", 1, at, 1, "1", "ONE"))));
    try (TestDatabases dbs = new TestDatabases(TestDatabases.Kind.H2, "RecreatedTopicTest");
        Database db = dbs.open(dbs.create("recreated"))) {
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO metrics_offsets (topic, kafka_partition, next_offset) "
            + "VALUES ('" + topic + "', 0, 500)");
      }
      MetricsService service = new MetricsService(new MetricsService.Options(
          kafka.bootstrapServers(), "recreated", "metrics-recreated", 5, topic,
          topic + "-updates"), db, null);

      CompletableFuture<Void> run = CompletableFuture.runAsync(service::run,
          r -> new Thread(r, "metrics-recreated").start());
      try {
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS))
            .as("the runner fails (a timeout: it went on)")
            .isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(topic + "-0 ends at offset 2")
            .hasMessageContaining("500").hasMessageContaining("recreated");
      } finally {
        service.stop();
      }
      assertThat(service.health()).contains("recreated").contains("database");
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM sessions), "
              + "(SELECT next_offset FROM metrics_offsets)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("sessions written").isZero();
        assertThat(rs.getLong(2)).as("the stored offset").isEqualTo(500);
      }
    }
  }
}
