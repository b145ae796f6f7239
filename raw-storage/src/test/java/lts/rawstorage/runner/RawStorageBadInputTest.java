package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageFixture.awaitCommitted;
import static lts.rawstorage.runner.RawStorageFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.rawstorage.runner.RawStorageFixture.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawStorageBadInputTest {

  private static final long AT = Instant.parse("2026-04-25T10:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
  private final EnvelopeCodec codec = new EnvelopeCodec();

  private byte[] envelope(String code, String data, long at) {
    return codec.encode(Envelope.of(code, data, "ws-listener", at));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badRecordsGoToInvalidOrASanitizedDirectoryAndTheRunnerKeepsGoing() throws Exception {
    String topic = "bad-input";
    kafka.createTopics(List.of(topic), 1);
    Path output = dir.resolve("logs");
    byte[] oversized = envelope("santos", "x".repeat(5_000), AT);
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, '{'};
    RawStorageFixture.sendRaw(kafka, topic, "santos",
        envelope("santos", "r1c1|in|1", AT),                                  // 0 valid
        utf8("not json at all"),                                              // 1 invalid
        null,                                                                 // 2 invalid
        envelope("../x", "escape attempt", AT),                               // 3 sanitized
        envelope("..", "dots only", AT),                                      // 4 sanitized
        utf8("{\"data\":\"no event code\",\"created_at\":1}"),                // 5 invalid
        oversized,                                                            // 6 invalid
        notUtf8,                                                              // 7 invalid
        envelope("_invalid", "pretends to be the runner's", AT),              // 8 sanitized
        envelope("Santos/../../etc", "upper case and slashes", AT),           // 9 sanitized
        envelope("santos", "negative time", -5),                              // 10 invalid
        utf8("{\"event_code\":\"santos\",\"data\":7,\"created_at\":1}"),      // 11 invalid
        envelope("x".repeat(101), "too long an event code", AT),              // 12 invalid
        envelope("santos", "r1c1|in|2", AT + 1000));                          // 13 valid

    Running runner = RawStorageFixture.start(
        settings(kafka, topic, "g-bad", output, 100).withMaxRecordBytes(2_000),
        RawStorage.Hook.NONE, "raw-storage-bad");
    awaitCommitted(kafka, "g-bad", topic, 14, Duration.ofSeconds(60));
    assertThat(runner.thread.isAlive()).as("still running after bad input").isTrue();
    // and it still writes good records after the bad ones
    RawStorageFixture.sendRaw(kafka, topic, "santos", envelope("santos", "r1c1|in|3", AT + 2000));
    awaitCommitted(kafka, "g-bad", topic, 15, Duration.ofSeconds(60));
    runner.stop();
    assertThat(runner.thrown).isNull();

    assertThat(runner.count("records_in")).isEqualTo(15);
    assertThat(runner.count("records_invalid")).isEqualTo(8);
    assertThat(runner.count("records_written")).isEqualTo(7);

    // nothing outside the output directory, every directory name is [a-z0-9_-]
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(Files::isRegularFile)).allMatch(p -> p.startsWith(output));
    }
    assertThat(RawStorageFixture.files(output).keySet()).containsExactly(
        "---x/2026-04-25.jsonl", "--/2026-04-25.jsonl", "-invalid/2026-04-25.jsonl",
        "_invalid/" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".jsonl",
        "santos-------etc/2026-04-25.jsonl", "santos/2026-04-25.jsonl");

    // the recording of santos holds only its valid frames, in order
    try (RecordingReader reader = RecordingReader.open(output.resolve("santos/2026-04-25.jsonl"))) {
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).extracting(RecordedFrame::text)
          .containsExactly("r1c1|in|1", "r1c1|in|2", "r1c1|in|3");
      assertThat(reader.skippedLines()).isZero();
    }
    // sanitized directories keep the event code as sent in the lines
    try (RecordingReader reader = RecordingReader.open(output.resolve("---x/2026-04-25.jsonl"))) {
      assertThat(reader.next()).isEqualTo(new RecordedFrame("../x", AT, "escape attempt"));
    }

    // _invalid: one envelope per bad record, with what was wrong and where it came from
    Path invalidFile = output.resolve("_invalid")
        .resolve(java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".jsonl");
    List<String> lines = Files.readAllLines(invalidFile, StandardCharsets.UTF_8);
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> invalid = new ArrayList<>();
    for (String line : lines) {
      invalid.add(mapper.readTree(line));
    }
    assertThat(invalid).hasSize(8);
    assertThat(invalid).allSatisfy(node -> {
      assertThat(node.get("event_code").asText()).isEqualTo("_invalid");
      assertThat(node.get("source").asText()).isEqualTo("raw-storage");
      assertThat(node.get("error_description").asText()).isNotBlank();
      assertThat(node.get("error_trace").asText()).startsWith(topic + "/0@").endsWith("key=santos");
      assertThat(node.get("kafka_topic").asText()).isEqualTo(topic);
    });
    assertThat(invalid).extracting(n -> n.get("kafka_offset").asLong())
        .containsExactly(1L, 2L, 5L, 6L, 7L, 10L, 11L, 12L);
    assertThat(invalid.get(0).get("data").asText()).isEqualTo("not json at all");
    assertThat(invalid.get(0).get("error_description").asText()).contains("not JSON");
    assertThat(invalid.get(1).get("data").asText()).isEmpty();
    assertThat(invalid.get(1).get("error_description").asText()).contains("null value");
    assertThat(invalid.get(2).get("error_description").asText()).contains("missing event_code");
    assertThat(invalid.get(3).get("error_description").asText()).contains("oversized")
        .contains(String.valueOf(oversized.length));
    assertThat(invalid.get(3).get("data").asText()).isEqualTo(new String(oversized,
        StandardCharsets.UTF_8));
    assertThat(invalid.get(4).get("error_description").asText()).contains("base64");
    assertThat(Base64.getDecoder().decode(invalid.get(4).get("data").asText())).isEqualTo(notUtf8);
    assertThat(invalid.get(5).get("error_description").asText()).contains("created_at");
    assertThat(invalid.get(6).get("error_description").asText()).contains("data must be a string");
    assertThat(invalid.get(7).get("error_description").asText()).contains("event_code");
    // the _invalid file is readable as a recording too (nothing in it breaks a reader)
    try (RecordingReader reader = RecordingReader.open(invalidFile)) {
      reader.forEachRemaining(frame -> assertThat(frame.eventCode()).isEqualTo("_invalid"));
    }
  }

  @Test
  void eventCodesAreSanitizedIntoSafeDirectoryNames() {
    assertThat(EventDirectories.of("santos")).isEqualTo("santos");
    assertThat(EventDirectories.of("cuenca-12h_b")).isEqualTo("cuenca-12h_b");
    assertThat(EventDirectories.of("../x")).isEqualTo("---x");
    assertThat(EventDirectories.of("..")).isEqualTo("--");
    assertThat(EventDirectories.of("a/b\\c")).isEqualTo("a-b-c");
    assertThat(EventDirectories.of("Santos 12H")).isEqualTo("santos-12h");
    assertThat(EventDirectories.of("_invalid")).isEqualTo("-invalid");
    assertThat(EventDirectories.of("C:\u0000é")).isEqualTo("c---");
    assertThat(EventDirectories.of("")).isNull();
    assertThat(EventDirectories.of("  ")).isNull();
    assertThat(EventDirectories.of("x".repeat(101))).isNull();
  }
}
