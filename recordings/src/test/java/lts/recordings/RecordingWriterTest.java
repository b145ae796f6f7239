package lts.recordings;

import static lts.recordings.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingWriterTest {

  private static final List<String> NASTY = List.of(
      "init|r|\nbest|hide|\ncss|no1|border-bottom-color:#00FF00 !important;",
      "quotes \" and backslashes \\ and \\n that is not a line break",
      "controls \u0000\u0001\u0007\b\t\u000B\f\r\u001B\u001F and DEL \u007F",
      "CRLF\r\nline",
      "lone high \uD83D then text, lone low \uDE00, reversed \uDE00\uD83D, last \uD800",
      "valid pair \uD83C\uDFC1 chequered flag",
      "replacement \uFFFD\uFFFD from junk bytes",
      "separators \u2028 line \u2029 paragraph \u0085 next-line",
      "accents: Clasificación, GARCÍA Ñúñez [1:02], 日本語",
      "</script><!-- -->",
      "x".repeat(100_000));

  @TempDir
  Path dir;

  @Test
  void writerThenReaderGivesIdenticalFramesForNastyText() throws IOException {
    Path file = dir.resolve("nasty.jsonl");
    List<RecordedFrame> written = new ArrayList<>();
    long at = 1_777_105_019_000L;
    for (String text : NASTY) {
      written.add(new RecordedFrame("santos-12h", at++, text));
    }
    written.add(new RecordedFrame("weird \"code\"\u2028", at, "r1c2|tlp|1"));

    try (RecordingWriter writer = RecordingWriter.open(file)) {
      for (RecordedFrame frame : written) {
        writer.write(frame, "ws-listener");
      }
    }

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.ENVELOPES);
      List<RecordedFrame> read = new ArrayList<>();
      reader.forEachRemaining(read::add);
      assertThat(read).containsExactlyElementsOf(written);
      assertThat(reader.skippedLines()).isZero();
    }
  }

  @Test
  void randomTextRoundTripsExactly() throws IOException {
    Random random = new Random(2026);
    List<RecordedFrame> written = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[1 + random.nextInt(60)];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
            : (char) (0x20 + random.nextInt(0x60));
      }
      String text = "r" + i + "|" + new String(chars);
      written.add(new RecordedFrame("e" + i % 3, i * 1000L, text));
    }
    Path file = dir.resolve("random.jsonl");

    try (RecordingWriter writer = RecordingWriter.open(file)) {
      for (RecordedFrame frame : written) {
        writer.write(frame, "import");
      }
    }

    assertThat(readAll(file)).containsExactlyElementsOf(written);
  }

  @Test
  void eachFrameIsOneValidJsonLineWithTheEnvelopeFields() throws IOException {
    Path file = dir.resolve("lts.jsonl");
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      for (String text : NASTY) {
        writer.write(new RecordedFrame("santos", 1_777_105_019_000L, text), "ws-listener");
      }
    }

    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(content).doesNotContain("\r", "\u2028", "\u2029", "\u0085").endsWith("\n");
    String[] lines = content.split("\n");
    assertThat(lines).hasSize(NASTY.size());
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < lines.length; i++) {
      JsonNode envelope = mapper.readTree(lines[i]);
      assertThat(envelope.get("event_code").asText()).isEqualTo("santos");
      assertThat(envelope.get("data").asText()).isEqualTo(NASTY.get(i));
      assertThat(envelope.get("source").asText()).isEqualTo("ws-listener");
      assertThat(envelope.get("created_at").asLong()).isEqualTo(1_777_105_019_000L);
      assertThat(envelope.get("updated_at").asLong()).isEqualTo(1_777_105_019_000L);
    }
  }

  @Test
  void writerAppendsToAnExistingRecording() throws IOException {
    Path file = dir.resolve("lts.jsonl");
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      writer.write(new RecordedFrame("santos", 1L, "first"), "ws-listener");
    }
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      writer.write(new RecordedFrame("santos", 2L, "second"), "ws-listener");
      writer.fsync();
      assertThat(readAll(file)).extracting(RecordedFrame::text).containsExactly("first", "second");
    }
  }

  @Test
  void writerStartsOnANewLineAfterALineCutByACrash() throws IOException {
    Path file = dir.resolve("lts.jsonl");
    Files.writeString(file, "{\"event_code\":\"santos\",\"data\":\"ok\",\"source\":\"ws-listener\","
        + "\"created_at\":1,\"updated_at\":1}\n{\"event_code\":\"santos\",\"da");

    try (RecordingWriter writer = RecordingWriter.open(file)) {
      writer.write(new RecordedFrame("santos", 3L, "after the crash"), "ws-listener");
    }

    try (RecordingReader reader = RecordingReader.open(file)) {
      List<RecordedFrame> read = new ArrayList<>();
      reader.forEachRemaining(read::add);
      assertThat(read).extracting(RecordedFrame::text).containsExactly("ok", "after the crash");
      assertThat(reader.skippedLines()).isEqualTo(1);
    }
  }

  @Test
  void flushMakesFramesVisibleToAReaderWhileTheWriterIsOpen() throws IOException {
    Path file = dir.resolve("live.jsonl");
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      writer.write(new RecordedFrame("santos", 1L, "init|r|"), "ws-listener");
      writer.flush();

      assertThat(readAll(file)).extracting(RecordedFrame::text).containsExactly("init|r|");
    }
  }
  @Test
  void anEnvelopeWithItsKafkaPositionReadsBackAsTheSameFrameAndKeepsEveryField()
      throws IOException {
    Path file = dir.resolve("positions.jsonl");
    lts.contracts.Envelope envelope = new lts.contracts.Envelope("santos",
        NASTY.get(4), "ws-listener", 1_777_105_019_000L, 1_777_105_020_000L, "why \u2028",
        "where \"");
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      int bytes = writer.write(envelope, new KafkaPosition("raw-messages", 1, 4711));
      writer.write(lts.contracts.Envelope.of("santos", "second", "x", 5), null);
      writer.fsync();
      assertThat(bytes).isEqualTo(Files.readString(file, StandardCharsets.UTF_8)
          .lines().findFirst().orElseThrow().getBytes(StandardCharsets.UTF_8).length + 1);
    }
    assertThat(readAll(file)).containsExactly(
        new RecordedFrame("santos", 1_777_105_019_000L, NASTY.get(4)),
        new RecordedFrame("santos", 5, "second"));
    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(content).doesNotContain("\u2028");
    JsonNode line = new ObjectMapper().readTree(content.lines().findFirst().orElseThrow());
    assertThat(line.get("updated_at").asLong()).isEqualTo(1_777_105_020_000L);
    assertThat(line.get("error_description").asText()).isEqualTo("why \u2028");
    assertThat(line.get("error_trace").asText()).isEqualTo("where \"");
    assertThat(line.get("kafka_topic").asText()).isEqualTo("raw-messages");
    assertThat(line.get("kafka_partition").asInt()).isEqualTo(1);
    assertThat(line.get("kafka_offset").asLong()).isEqualTo(4711);
    assertThat(new lts.contracts.EnvelopeCodec().decode(
        content.lines().findFirst().orElseThrow())).isEqualTo(envelope);
  }
}
