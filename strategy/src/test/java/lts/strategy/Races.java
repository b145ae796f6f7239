package lts.strategy;

import lts.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.core.standings.TeamStanding;
import lts.testkit.Await;
import lts.testkit.SharedData;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.RaceEventCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Real races as race events, publishing them, running the runner until it has caught up. */
final class Races {

  static final String SANTOS = "santos-12h-2026-04-25.log.gz";

  /** The events of a recording and the engine's final grid (what Apex displayed at the end). */
  record Race(List<RaceEvent> events, List<byte[]> json, List<TeamStanding> grid, int session) {
  }

  private static Race santos;

  private Races() {
  }

  /** The 12 h Santos race, read once per JVM. */
  static synchronized Race santos() throws Exception {
    if (santos == null) {
      santos = read(SharedData.recording(SANTOS));
    }
    return santos;
  }

  /**
   * A simulated race's events, its frames read at their pace or as fast as possible (20 frames a
   * millisecond: the race clock then stands on the feed's evidence alone).
   */
  static List<RaceEvent> events(lts.simulator.SimulatedRace race, boolean fullSpeed) {
    ApexEngine engine = new ApexEngine(race.truth().eventCode());
    List<RaceEvent> events = new ArrayList<>();
    long t0 = race.frames().get(0).atEpochMs();
    long index = 0;
    for (lts.simulator.SimFrame f : race.frames()) {
      engine.accept(fullSpeed ? t0 + index++ / 20 : f.atEpochMs(), f.text(), events::add);
    }
    engine.finish(events::add);
    return events;
  }

  static Race read(Path file) throws Exception {
    List<RaceEvent> events = new ArrayList<>();
    ApexEngine engine = null;
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        if (engine == null) {
          engine = new ApexEngine(f.eventCode());
        }
        engine.accept(f.at(), f.text(), events::add);
      }
    }
    engine.finish(events::add);
    RaceEventCodec codec = new RaceEventCodec();
    List<byte[]> json = new ArrayList<>(events.size());
    events.forEach(e -> json.add(codec.toJson(e).getBytes(StandardCharsets.UTF_8)));
    return new Race(List.copyOf(events), json, engine.standings(), engine.session());
  }

  /** Creates topics (the broker's metadata may lag a moment behind: retried). */
  static void createTopics(EmbeddedKafka kafka, List<String> names, int partitions) {
    AtomicReference<IllegalStateException> notListed = new AtomicReference<>();
    Await.until(Duration.ofSeconds(10), () -> {
      try {
        kafka.createTopics(names, partitions);
        return true;
      } catch (IllegalStateException e) {
        notListed.set(e);
        return false;
      }
    }, () -> "topics " + names + " not created: " + notListed.get());
  }

  /** Publishes values keyed by event code (the key of {@code keys}, or the record's own). */
  static void publish(EmbeddedKafka kafka, String topic, List<RaceEvent> events, List<byte[]> json)
      throws Exception {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
        KafkaClients.producer(kafka.bootstrapServers(), "test-publisher"))) {
      for (int i = 0; i < json.size(); i++) {
        p.send(new ProducerRecord<>(topic, events.get(i).eventCode(), json.get(i)));
      }
      p.flush();
    }
  }

  /** Publishes raw values with a key. */
  static void publishRaw(EmbeddedKafka kafka, String topic, String key, List<String> values)
      throws Exception {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
        KafkaClients.producer(kafka.bootstrapServers(), "test-publisher"))) {
      for (String v : values) {
        p.send(new ProducerRecord<>(topic, key, v.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  /** End offset of every partition of {@code topic}. */
  static Map<Integer, Long> endOffsets(EmbeddedKafka kafka, String topic) {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
        KafkaClients.consumer(kafka.bootstrapServers(), "probe", "probe"))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo p : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
      Map<Integer, Long> out = new HashMap<>();
      c.endOffsets(parts).forEach((tp, o) -> out.put(tp.partition(), o));
      return out;
    }
  }

  /** The offsets the runner committed to the database. */
  static Map<Integer, Long> storedOffsets(Database db, String topic) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT kafka_partition, next_offset FROM metrics_offsets WHERE topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** True when the database holds every record of the topic. */
  /** How many records of {@code topic} the database has stored (its offsets summed). */
  static long storedTotal(Database db, String topic) {
    try {
      return storedOffsets(db, topic).values().stream().mapToLong(Long::longValue).sum();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the stored offsets of " + topic, e);
    }
  }

  static boolean caughtUp(Database db, String topic, Map<Integer, Long> ends) {
    try {
      Map<Integer, Long> stored = storedOffsets(db, topic);
      for (Map.Entry<Integer, Long> e : ends.entrySet()) {
        if (e.getValue() > 0 && stored.getOrDefault(e.getKey(), 0L) < e.getValue()) {
          return false;
        }
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Runs a runner in a thread until {@code done}, then stops it; returns the elapsed ms. */
  static long runUntil(MetricsService service, BooleanSupplier done, long timeoutMs)
      throws Exception {
    Thread t = new Thread(service::run, "metrics-under-test");
    t.start();
    try {
      return Await.until(Duration.ofMillis(timeoutMs), () -> {
        if (done.getAsBoolean()) {
          return true;
        }
        if (!t.isAlive()) {
          throw new AssertionError("the runner stopped by itself");
        }
        return false;
      }, () -> "the runner did not catch up within " + timeoutMs + " ms").toMillis();
    } finally {
      service.stop();
      t.join(30_000);
    }
  }
}
