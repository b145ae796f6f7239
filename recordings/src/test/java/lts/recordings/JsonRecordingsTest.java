package lts.recordings;

import static lts.recordings.RecordingFiles.epochMillis;
import static lts.recordings.RecordingFiles.gzipped;
import static lts.recordings.RecordingFiles.plain;
import static lts.recordings.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRecordingsTest {

  private static final String HEADER = "{\"v\": 1, \"circuit_url\":"
      + " \"https://www.apex-timing.com/live-timing/capkarting/\", \"ws_port\": 7953,"
      + " \"name\": \"Endurance 4H\", \"started_at\": \"2026-05-31T06:18:31.460217+00:00\"}\n";

  private static final String JSONL = HEADER
      + "{\"t\": 150.534, \"msg\": \"init|p|\\nbest|hide|\"}\n"
      + "{\"event_meta\": {\"kind\": \"reconnect\", \"at\": 151}}\n"
      + "{\"t\": 151.0, \"msg\": \"\\n\"}\n"
      + "{\"t\": 152.25, \"msg\": \"r1c2|tlp|3\\n\"}\n";

  private static final String NDJSON = ""
      + "{\"t\":1782593801798,\"raw\":\"init|r|\\nbest|hide|\"}\n"
      + "{\"t\":1782593802000,\"raw\":\"\"}\n"
      + "{\"t\":1782593803001,\"raw\":\"r1c9|in|0:22\\n\"}\n";

  private static final String ENVELOPES = ""
      + "{\"event_code\": \"santos\", \"data\": \"init|r|\", \"source\": \"ws-listener\","
      + " \"created_at\": 1777105019000, \"updated_at\": 1777105019000}\n"
      + "{\"event_code\": \"ariza\", \"data\": \"r1c2|tlp|1\", \"source\": \"import\","
      + " \"created_at\": 1777105020000, \"updated_at\": 1777105099000,"
      + " \"error_description\": \"boom\", \"error_trace\": [\"a\", {\"b\": 1}]}\n";

  @TempDir
  Path dir;

  @Test
  void jsonlTimesAreSecondsAfterTheHeadersStartTruncatedToTheMillisecond() throws IOException {
    Path file = plain(dir, "capkarting-4h.partial.jsonl", JSONL);

    List<RecordedFrame> frames = readAll(file);

    assertThat(frames).containsExactly(
        new RecordedFrame("capkarting", epochMillis("2026-05-31T06:21:01.994Z"),
            "init|p|\nbest|hide|"),
        new RecordedFrame("capkarting", epochMillis("2026-05-31T06:21:03.710Z"), "r1c2|tlp|3\n"));
  }

  @Test
  void jsonlSkipsEventMetaNotesAndBlankFramesWithoutCountingThem() throws IOException {
    Path file = gzipped(dir, "cap.jsonl.gz", JSONL);

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.JSONL_WITH_HEADER);
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).hasSize(2);
      assertThat(reader.skippedLines()).isZero();
    }
  }

  @Test
  void headerRepeatedMidFileMakesLaterTimesRelativeToTheNewStart() throws IOException {
    String restarted = HEADER.replace("06:18:31.460217+00:00", "08:00:00Z")
        .replace("capkarting/", "capkarting2/");
    Path file = plain(dir, "cap.jsonl",
        JSONL + restarted + "{\"t\": 1.5, \"msg\": \"r1c2|tlp|4\"}\n");

    List<RecordedFrame> frames = readAll(file);

    assertThat(frames).hasSize(3);
    assertThat(frames.get(2)).isEqualTo(
        new RecordedFrame("capkarting2", epochMillis("2026-05-31T08:00:01.500Z"), "r1c2|tlp|4"));
  }

  @Test
  void malformedJsonLinesAreSkippedAndCountedAndReadingGoesOn() throws IOException {
    Path file = plain(dir, "cap.jsonl", HEADER
        + "{\"t\": 1, \"msg\": \"a\"}\n"
        + "{\"t\": 2, \"msg\": \"cut in the mid\n"
        + "not json at all\n"
        + "{\"t\": \"soon\", \"msg\": \"b\"}\n"
        + "{\"t\": 3, \"msg\": null}\n"
        + "[1, 2]\n"
        + "{\"t\": 4, \"msg\": \"c\"} trailing\n"
        + "{\"t\": 5, \"msg\": \"d\"}\n");

    try (RecordingReader reader = RecordingReader.open(file)) {
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).extracting(RecordedFrame::text).containsExactly("a", "d");
      assertThat(reader.skippedLines()).isEqualTo(6);
    }
  }

  @Test
  void jsonlFramesWithoutAHeaderAreRejectedWithAnExplanation() throws IOException {
    Path file = plain(dir, "headless.jsonl", "{\"t\": 1.0, \"msg\": \"init|r|\"}\n");

    assertThatThrownBy(() -> RecordingReader.open(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("no header line");
  }

  @Test
  void ndjsonTimesAreEpochMillisecondsAndTheEventCodeComesFromTheFileName() throws IOException {
    Path plainFile = plain(dir, "santos-3h.ndjson", NDJSON);
    Path gzFile = gzipped(dir, "santos-3h.ndjson.gz", NDJSON);

    List<RecordedFrame> expected = List.of(
        new RecordedFrame("santos-3h", 1782593801798L, "init|r|\nbest|hide|"),
        new RecordedFrame("santos-3h", 1782593803001L, "r1c9|in|0:22\n"));
    assertThat(readAll(plainFile)).isEqualTo(expected);
    assertThat(readAll(gzFile)).isEqualTo(expected);
    try (RecordingReader reader = RecordingReader.open(gzFile)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.NDJSON);
    }
  }

  @Test
  void envelopesCarryTheirOwnEventCodeAndTimeAndExtraFieldsAreIgnored() throws IOException {
    Path plainFile = plain(dir, "lts.jsonl", ENVELOPES);
    Path gzFile = gzipped(dir, "lts.jsonl.gz", ENVELOPES);

    List<RecordedFrame> expected = List.of(
        new RecordedFrame("santos", 1777105019000L, "init|r|"),
        new RecordedFrame("ariza", 1777105020000L, "r1c2|tlp|1"));
    assertThat(readAll(plainFile)).isEqualTo(expected);
    assertThat(readAll(gzFile)).isEqualTo(expected);
    try (RecordingReader reader = RecordingReader.open(gzFile)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.ENVELOPES);
    }
  }

  @Test
  void callerEventCodeOverridesTheRecordingsOwn() throws IOException {
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withEventCode("mine");

    assertThat(readAll(plain(dir, "a.jsonl", JSONL), options))
        .extracting(RecordedFrame::eventCode).containsOnly("mine");
    assertThat(readAll(plain(dir, "b.ndjson", NDJSON), options))
        .extracting(RecordedFrame::eventCode).containsOnly("mine");
    assertThat(readAll(plain(dir, "c.jsonl", ENVELOPES), options))
        .extracting(RecordedFrame::eventCode).containsOnly("mine");
  }
}
