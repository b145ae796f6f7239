package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageFixture.awaitCommitted;
import static lts.rawstorage.runner.RawStorageFixture.numbered;
import static lts.rawstorage.runner.RawStorageFixture.sendNumbered;
import static lts.rawstorage.runner.RawStorageFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingFormat;
import lts.recordings.RecordingReader;
import lts.rawstorage.runner.RawStorageFixture.Counts;
import lts.rawstorage.runner.RawStorageFixture.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawStorageTest {

  private static final List<String> CODES = List.of("santos", "cuenca-12h", "ariza");

  @TempDir
  Path dir;

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);

  @Test
  void everyRecordIsWrittenOnceInOrderPerEventCodeIntoDatedFiles() throws Exception {
    String topic = "numbered";
    kafka.createTopics(List.of(topic), 2);
    int total = 5_000;
    int acknowledged = sendNumbered(kafka, topic, total, CODES, 2, 0, 0);
    Path output = dir.resolve("logs");

    Running runner = RawStorageFixture.start(settings(kafka, topic, "g-numbered", output, 500),
        RawStorage.Hook.NONE, "raw-storage-numbered");
    double seconds = awaitCommitted(kafka, "g-numbered", topic, total, Duration.ofSeconds(60));
    runner.stop();

    assertThat(runner.thrown).isNull();
    assertThat(runner.count("records_in")).isEqualTo(total);
    assertThat(runner.count("records_written")).isEqualTo(total);
    assertThat(runner.count("records_skipped_duplicate")).isZero();
    assertThat(runner.count("records_invalid")).isZero();
    assertThat(runner.count("fsyncs")).isPositive();
    // one directory per event code, one file per UTC day of created_at
    assertThat(RawStorageFixture.files(output).keySet()).containsExactly(
        "ariza/2026-04-25.jsonl", "ariza/2026-04-26.jsonl", "ariza/2026-04-27.jsonl",
        "cuenca-12h/2026-04-25.jsonl", "cuenca-12h/2026-04-26.jsonl",
        "cuenca-12h/2026-04-27.jsonl",
        "santos/2026-04-25.jsonl", "santos/2026-04-26.jsonl", "santos/2026-04-27.jsonl");
    // read back with RecordingReader: the same frames, in the order sent, per event code
    Map<String, List<RecordedFrame>> frames = RawStorageFixture.frames(output);
    for (String code : CODES) {
      List<RecordedFrame> expected = new ArrayList<>();
      for (int n = 0; n < total; n++) {
        Envelope e = numbered(n, CODES);
        if (e.eventCode().equals(code)) {
          expected.add(new RecordedFrame(code, e.createdAt(), e.data()));
        }
      }
      assertThat(frames.get(code)).as(code).containsExactlyElementsOf(expected);
    }
    try (RecordingReader reader = RecordingReader.open(output.resolve("santos/2026-04-26.jsonl"))) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.ENVELOPES);
    }
    Counts counts = RawStorageFixture.count(output, total, acknowledged, CODES, seconds);
    System.out.println(counts.line("uninterrupted"));
    assertThat(counts.lost()).isZero();
    assertThat(counts.duplicated()).isZero();
    assertThat(counts.outOfOrder()).isZero();
  }

  @Test
  void eachLineIsTheEnvelopePlusItsKafkaPosition() throws Exception {
    String topic = "positions";
    kafka.createTopics(List.of(topic), 2);
    sendNumbered(kafka, topic, 4, List.of("santos"), 1, 0, 0);
    Path output = dir.resolve("logs");
    Running runner = RawStorageFixture.start(settings(kafka, topic, "g-positions", output, 100),
        RawStorage.Hook.NONE, "raw-storage-positions");
    awaitCommitted(kafka, "g-positions", topic, 4, Duration.ofSeconds(60));
    runner.stop();

    List<String> lines = Files.readAllLines(output.resolve("santos/2026-04-25.jsonl"),
        StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = mapper.readTree(lines.get(i));
      Envelope sent = numbered(i, List.of("santos"));
      assertThat(line.get("event_code").asText()).isEqualTo("santos");
      assertThat(line.get("data").asText()).isEqualTo(sent.data());
      assertThat(line.get("source").asText()).isEqualTo("ws-listener");
      assertThat(line.get("created_at").asLong()).isEqualTo(sent.createdAt());
      assertThat(line.get("updated_at").asLong()).isEqualTo(sent.updatedAt());
      assertThat(line.get("kafka_topic").asText()).isEqualTo(topic);
      assertThat(line.get("kafka_partition").asInt()).isZero();
      assertThat(line.get("kafka_offset").asLong()).isEqualTo(i);
    }
  }

  @Test
  void aRestartAfterACleanStopWritesOnlyTheNewRecords() throws Exception {
    String topic = "restart";
    kafka.createTopics(List.of(topic), 2);
    Path output = dir.resolve("logs");
    sendNumbered(kafka, topic, 300, CODES, 2, 0, 0);
    Running first = RawStorageFixture.start(settings(kafka, topic, "g-restart", output, 100),
        RawStorage.Hook.NONE, "raw-storage-first");
    awaitCommitted(kafka, "g-restart", topic, 300, Duration.ofSeconds(60));
    first.stop();

    Running second = RawStorageFixture.start(settings(kafka, topic, "g-restart", output, 100),
        RawStorage.Hook.NONE, "raw-storage-second");
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
        lts.kafka.KafkaClients.producer(kafka.bootstrapServers(), "more"))) {
      var codec = new lts.contracts.EnvelopeCodec();
      for (int n = 300; n < 600; n++) {
        Envelope e = numbered(n, CODES);
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
            CODES.indexOf(e.eventCode()) % 2, e.eventCode(), codec.encode(e)));
      }
    }
    awaitCommitted(kafka, "g-restart", topic, 600, Duration.ofSeconds(60));
    second.stop();

    assertThat(second.count("records_written")).isEqualTo(300);
    assertThat(second.count("records_skipped_duplicate")).isZero();
    Counts counts = RawStorageFixture.count(output, 600, 600, CODES, 0);
    assertThat(counts.lost()).isZero();
    assertThat(counts.duplicated()).isZero();
    assertThat(counts.outOfOrder()).isZero();
  }

  @Test
  void healthIsNullWhileRunningAndNamesTheProblemOtherwise() throws Exception {
    String topic = "health";
    kafka.createTopics(List.of(topic), 1);
    RawStorage.Settings s = settings(kafka, topic, "g-health", dir.resolve("logs"), 100);
    Running runner = RawStorageFixture.start(s, RawStorage.Hook.NONE, "raw-storage-health");
    Await.until(Duration.ofSeconds(30), () -> runner.storage.health() == null, () -> "healthy");
    runner.stop();
    assertThat(runner.storage.health()).contains("stopped");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Running broken = RawStorageFixture.start(
        settings(kafka, topic, "g-health2", file, 100), RawStorage.Hook.NONE, "raw-storage-broken");
    broken.awaitEnd();
    assertThat(broken.thrown).isInstanceOf(RawStorageException.class);
    assertThat(broken.storage.health()).startsWith("raw-storage failed: ").contains(file.toString());
  }
}
