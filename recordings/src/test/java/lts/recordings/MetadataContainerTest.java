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

/** The {@code {"metadata"}} line then {@code {"timestamp", "data"}} lines container. */
class MetadataContainerTest {

  private static final String METADATA = "{\"metadata\":{\"circuit\":\"Los Santos\","
      + "\"websocketUrl\":\"wss://www.apex-timing.com:8092/\","
      + "\"recordingStartTime\":\"2025-11-09T09:44:00.000Z\"}}\n";

  private static final String FRAMES = ""
      + "{\"timestamp\":\"2025-11-09T09:44:02.527Z\",\"data\":\"init|r|\\ntitle1||12H\\n\"}\n"
      + "{\"timestamp\":\"2025-11-09T09:44:03.001Z\","
      + "\"data\":\"r7c2|drteam|ANA MU\\u00d1OZ [0:02]\\nr7c3|in|1\"}\n"
      + "{\"timestamp\":\"2025-11-09T09:44:04Z\",\"data\":\"r7c2|dr|Equipo Ñandú 🏁\"}\n";

  private static final List<RecordedFrame> EXPECTED = List.of(
      new RecordedFrame("www-apex-timing-com-8092", epochMillis("2025-11-09T09:44:02.527Z"),
          "init|r|\ntitle1||12H\n"),
      new RecordedFrame("www-apex-timing-com-8092", epochMillis("2025-11-09T09:44:03.001Z"),
          "r7c2|drteam|ANA MUÑOZ [0:02]\nr7c3|in|1"),
      new RecordedFrame("www-apex-timing-com-8092", epochMillis("2025-11-09T09:44:04Z"),
          "r7c2|dr|Equipo Ñandú 🏁"));

  @TempDir
  Path dir;

  @Test
  void framesCarryTheirTimestampAndTheWebsocketHostAndPortAsEventCode() throws IOException {
    Path file = plain(dir, "santos.jsonl", METADATA + FRAMES);

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.METADATA_CONTAINER);
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).isEqualTo(EXPECTED);
      assertThat(reader.skippedLines()).isZero();
    }
  }

  @Test
  void gzippedContainerWithCrLfLineEndsGivesTheSameFrames() throws IOException {
    Path file = gzipped(dir, "santos.txt", (METADATA + FRAMES).replace("\n", "\r\n"));

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.METADATA_CONTAINER);
    }
    assertThat(readAll(file)).isEqualTo(EXPECTED);
  }

  @Test
  void withoutAWebsocketUrlTheEventCodeIsTheCircuitElseTheFileName() throws IOException {
    String frame = "{\"timestamp\":\"2025-11-09T09:44:02Z\",\"data\":\"init|r|\"}\n";
    Path circuit = plain(dir, "a.jsonl",
        "{\"metadata\":{\"circuit\":\" Los Santos (1100m) \",\"websocketUrl\":null}}\n" + frame);
    Path urlWithoutHost = plain(dir, "b.jsonl",
        "{\"metadata\":{\"circuit\":\"ariza\",\"websocketUrl\":\"not a url\"}}\n" + frame);
    Path nothing = plain(dir, "capkarting-4h.jsonl.gz",
        "{\"metadata\":{\"circuit\":\"  \"}}\n" + frame);

    assertThat(readAll(circuit)).extracting(RecordedFrame::eventCode)
        .containsExactly("los-santos--1100m-");
    assertThat(readAll(urlWithoutHost)).extracting(RecordedFrame::eventCode)
        .containsExactly("ariza");
    assertThat(readAll(nothing)).extracting(RecordedFrame::eventCode)
        .containsExactly("capkarting-4h");
  }

  @Test
  void aWebsocketUrlWithoutPortGivesItsHost() throws IOException {
    Path file = plain(dir, "x.jsonl",
        "{\"metadata\":{\"websocketUrl\":\"ws://Live-Data.example.org/feed\"}}\n"
            + "{\"timestamp\":\"2025-11-09T09:44:02Z\",\"data\":\"init|r|\"}\n");

    assertThat(readAll(file)).extracting(RecordedFrame::eventCode)
        .containsExactly("live-data-example-org");
  }

  @Test
  void unknownFieldsInTheMetadataAndInFrameLinesAreIgnored() throws IOException {
    Path file = plain(dir, "x.jsonl", "{\"metadata\":{\"version\":3,\"recorder\":{\"name\":\"r\","
        + "\"tags\":[1,{\"websocketUrl\":\"wss://wrong:1/\"}]},\"circuit\":\"santos\","
        + "\"recordingStartTime\":1762681440000},\"schema\":\"v2\"}\n"
        + "{\"seq\":1,\"timestamp\":\"2025-11-09T09:44:02Z\",\"extra\":{\"a\":[1]},"
        + "\"data\":\"init|r|\"}\n");

    assertThat(readAll(file)).containsExactly(
        new RecordedFrame("santos", epochMillis("2025-11-09T09:44:02Z"), "init|r|"));
  }

  @Test
  void aMetadataLineAloneIsAContainerWithZeroFrames() throws IOException {
    Path file = plain(dir, "x.jsonl", METADATA);

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.METADATA_CONTAINER);
      assertThat(reader.hasNext()).isFalse();
      assertThat(reader.skippedLines()).isZero();
    }
  }

  @Test
  void badLinesAndBadTimestampsAreSkippedAndCountedAndReadingGoesOn() throws IOException {
    Path file = plain(dir, "x.jsonl", METADATA
        + "{\"timestamp\":\"2025-11-09T09:44:01Z\",\"data\":\"a\"}\n"
        + "{\"timestamp\":\"yesterday\",\"data\":\"bad timestamp\"}\n"
        + "{\"timestamp\":\"2025-11-09T25:00:00Z\",\"data\":\"no such hour\"}\n"
        + "{\"timestamp\":1762681442527,\"data\":\"epoch number, not ISO\"}\n"
        + "{\"data\":\"no timestamp\"}\n"
        + "{\"timestamp\":\"2025-11-09T09:44:02Z\",\"data\":null}\n"
        + "{\"timestamp\":\"2025-11-09T09:44:02Z\",\"data\":\"cut in the mid\n"
        + "not json at all\n"
        + "{\"metadata\":\"not an object\"}\n"
        + "{\"note\":\"reconnected\"}\n"
        + "{\"timestamp\":\"2025-11-09T09:44:03Z\",\"data\":\"\\n \"}\n"
        + "\n"
        + "{\"timestamp\":\"2025-11-09T09:44:04Z\",\"data\":\"b\"}\n");

    try (RecordingReader reader = RecordingReader.open(file)) {
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).extracting(RecordedFrame::text).containsExactly("a", "b");
      assertThat(frames.get(1).at()).isEqualTo(epochMillis("2025-11-09T09:44:04Z"));
      assertThat(reader.skippedLines()).as("8 bad lines; the note and blank frame are not counted")
          .isEqualTo(8);
    }
  }

  @Test
  void timestampsWithAnOffsetAreInstantsAndSubMillisecondsAreTruncated() throws IOException {
    Path file = plain(dir, "x.jsonl", METADATA
        + "{\"timestamp\":\"2025-11-09T10:44:02.527999+01:00\",\"data\":\"a\"}\n");

    assertThat(readAll(file)).extracting(RecordedFrame::at)
        .containsExactly(epochMillis("2025-11-09T09:44:02.527Z"));
  }

  @Test
  void aRepeatedMetadataLineGivesTheEventCodeOfTheFramesAfterIt() throws IOException {
    Path file = plain(dir, "x.jsonl", METADATA
        + "{\"timestamp\":\"2025-11-09T09:44:02Z\",\"data\":\"a\"}\n"
        + "{\"metadata\":{\"websocketUrl\":\"wss://www.apex-timing.com:7953\"}}\n"
        + "{\"timestamp\":\"2025-11-09T09:44:03Z\",\"data\":\"b\"}\n");

    assertThat(readAll(file)).extracting(RecordedFrame::eventCode)
        .containsExactly("www-apex-timing-com-8092", "www-apex-timing-com-7953");
  }

  @Test
  void callerEventCodeOverridesTheMetadata() throws IOException {
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withEventCode("mine");

    assertThat(readAll(plain(dir, "x.jsonl", METADATA + FRAMES), options))
        .extracting(RecordedFrame::eventCode).containsOnly("mine").hasSize(3);
  }

  @Test
  void framesWithoutTheMetadataLineFirstAreNotARecording() throws IOException {
    Path headless = plain(dir, "headless.jsonl", FRAMES);
    Path notAnObject = plain(dir, "odd.jsonl", "{\"metadata\":[1,2]}\n" + FRAMES);

    for (Path file : List.of(headless, notAnObject)) {
      assertThatThrownBy(() -> RecordingReader.open(file))
          .isInstanceOf(RecordingFormatException.class)
          .hasMessageStartingWith("not an Apex recording: " + file.toAbsolutePath())
          .hasMessageContaining("a {\"metadata\":…} line then timestamp/data lines");
    }
  }
}
