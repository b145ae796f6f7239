package lts.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceEventCodec;
import lts.contracts.Topics;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.kafka.KafkaClients;
import lts.kafka.broker.EmbeddedKafka;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.store.Database;
import lts.strategy.MetricsService;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The API bench's setup: the recording through the real {@link ApexEngine}, its events as JSON
 * ({@link RaceEventCodec}) into an {@link EmbeddedKafka} topic, the real {@link MetricsService}
 * run until it has committed every offset into the database; Kafka stopped at the end.
 */
final class StoredRace {

  private static final String TOPIC = "bench-events";

  private StoredRace() {
  }

  /** The race through engine → Kafka → metrics into {@code db}; returns the event code. */
  static String fill(Database db, Path recording) throws Exception {
    long t0 = System.nanoTime();
    List<RaceEvent> events = new ArrayList<>();
    ApexEngine engine = null;
    try (RecordingReader reader = RecordingReader.open(recording)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        if (engine == null) {
          engine = new ApexEngine(f.eventCode());
        }
        engine.accept(f.at(), f.text(), events::add);
      }
    }
    if (engine == null) {
      throw new IllegalStateException("empty recording " + recording);
    }
    engine.finish(events::add);
    String code = events.get(0).eventCode();
    RaceEventCodec codec = new RaceEventCodec();
    Path kafkaDir = Files.createTempDirectory("lts-apibench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0, 3, Topics.ALL)) {
      for (int attempt = 1; ; attempt++) {
        try {
          kafka.createTopics(List.of(TOPIC), 3);
          break;
        } catch (IllegalStateException e) {
          if (attempt == 10) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
      try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
          KafkaClients.producer(kafka.bootstrapServers(), "bench-publisher"))) {
        for (RaceEvent e : events) {
          p.send(new ProducerRecord<>(TOPIC, e.eventCode(),
              codec.toJson(e).getBytes(StandardCharsets.UTF_8)));
        }
        p.flush();
      }
      Map<Integer, Long> ends = new HashMap<>();
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
          KafkaClients.consumer(kafka.bootstrapServers(), "probe", "probe"))) {
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo pi : c.partitionsFor(TOPIC)) {
          parts.add(new TopicPartition(TOPIC, pi.partition()));
        }
        c.endOffsets(parts).forEach((tp, o) -> ends.put(tp.partition(), o));
      }
      long t1 = System.nanoTime();
      MetricsService service = new MetricsService(new MetricsService.Options(
          kafka.bootstrapServers(), "bench", "metrics-bench", 5, TOPIC, Topics.RACE_UPDATES), db,
          null);
      Thread t = new Thread(service::run, "metrics");
      t.start();
      long deadline = System.currentTimeMillis() + 600_000;
      while (!caughtUp(db, ends)) {
        if (!t.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the metrics runner did not catch up");
        }
        Thread.sleep(100);
      }
      service.stop();
      t.join(30_000);
      System.out.printf("setup: %,d events of %s (%s) published and applied by the metrics in "
          + "%.1f s (metrics alone %.1f s); %s%n", events.size(), recording.getFileName(), code,
          (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t1) / 1e9, counts(db, code));
    } finally {
      try (var walk = Files.walk(kafkaDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return code;
  }

  private static boolean caughtUp(Database db, Map<Integer, Long> ends) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT kafka_partition, next_offset FROM metrics_offsets WHERE topic = ?")) {
      ps.setString(1, TOPIC);
      Map<Integer, Long> stored = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getInt(1), rs.getLong(2));
        }
      }
      for (Map.Entry<Integer, Long> e : ends.entrySet()) {
        if (e.getValue() > 0 && stored.getOrDefault(e.getKey(), 0L) < e.getValue()) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String counts(Database db, String code) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      for (String table : List.of("teams", "laps", "stints", "pit_stops", "standings")) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          b.append(b.length() == 0 ? "" : ", ").append(String.format("%,d %s", rs.getLong(1), table));
        }
      }
    }
    return b.toString();
  }
}
