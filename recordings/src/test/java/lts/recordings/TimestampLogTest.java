package lts.recordings;

import static lts.recordings.RecordingFiles.epochMillis;
import static lts.recordings.RecordingFiles.gzipped;
import static lts.recordings.RecordingFiles.plain;
import static lts.recordings.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampLogTest {

  private static final String LOG = ""
      + "2026-04-25 08:00:00\n"
      + "\n"
      + "\n"
      + "\n"
      + "2026-04-25 08:00:01\n"
      + "init|r|\n"
      + "title1||Endurance\n"
      + "\n"
      + "\n"
      + "2026-04-25 08:01:01\n"
      + "\n"
      + "\n"
      + "2026-04-25 08:01:02\n"
      + "r1c2|tlp|12\n"
      + "\n";

  @TempDir
  Path dir;

  @Test
  void framesAreTheLinesBetweenTimestampsWithoutTrailingBlankLinesAndIdleBlocksAreSkipped()
      throws IOException {
    Path file = plain(dir, "santos.log", LOG);

    List<RecordedFrame> frames = readAll(file);

    assertThat(frames).containsExactly(
        new RecordedFrame("santos", epochMillis("2026-04-25T08:00:01Z"),
            "init|r|\ntitle1||Endurance"),
        new RecordedFrame("santos", epochMillis("2026-04-25T08:01:02Z"), "r1c2|tlp|12"));
  }

  @Test
  void gzippedLogGivesTheSameFramesAndIsDetectedFromTheContentNotTheName() throws IOException {
    Path gzipped = gzipped(dir, "santos.txt", LOG);
    Path plainWithGzName = plain(dir, "santos.log.gz", LOG);

    try (RecordingReader reader = RecordingReader.open(gzipped)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.TIMESTAMP_LOG);
    }
    assertThat(readAll(gzipped)).extracting(RecordedFrame::text)
        .containsExactly("init|r|\ntitle1||Endurance", "r1c2|tlp|12");
    assertThat(readAll(plainWithGzName)).extracting(RecordedFrame::text)
        .containsExactly("init|r|\ntitle1||Endurance", "r1c2|tlp|12");
  }

  @Test
  void crlfLineEndingsGiveTheSameFramesAsLf() throws IOException {
    Path lf = plain(dir, "lf.log", LOG);
    Path crlf = plain(dir, "crlf.log", LOG.replace("\n", "\r\n"));

    assertThat(readAll(crlf)).extracting(RecordedFrame::at, RecordedFrame::text)
        .isEqualTo(readAll(lf).stream()
            .map(f -> org.assertj.core.groups.Tuple.tuple(f.at(), f.text())).toList());
  }

  @Test
  void junkBlocksWithInvalidUtf8AndLineBreaksAreReturnedWithReplacementCharacters()
      throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    log.writeBytes("2026-04-25 00:13:02\nGET / HTTP/1.1\nHost: 51.68.170.219:8090\n\n\n"
        .getBytes(StandardCharsets.US_ASCII));
    log.writeBytes("2026-04-25 00:13:32\n".getBytes(StandardCharsets.US_ASCII));
    log.writeBytes(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xC3, 0x28, '\n', (byte) 0xFF, 0x00,
        '\n', '\n'});
    log.writeBytes("2026-04-25 00:14:02\ndyn1|text|ok\n\n".getBytes(StandardCharsets.US_ASCII));
    Path file = Files.write(dir.resolve("junk.log"), log.toByteArray());

    List<RecordedFrame> frames = readAll(file);

    assertThat(frames).extracting(RecordedFrame::text).containsExactly(
        "GET / HTTP/1.1\nHost: 51.68.170.219:8090",
        "\u0016\u0003\u0001\u0000\uFFFD(\n\uFFFD\u0000",
        "dyn1|text|ok");
  }

  @Test
  void blankLinesInsideAFrameAndLeadingBlankLinesOfTheFileAreKept() throws IOException {
    Path file = plain(dir, "rkc.log", "\n\n2026-04-18 05:49:41\nline1\n\nline3\n \n\t\n");

    assertThat(readAll(file)).extracting(RecordedFrame::text).containsExactly("line1\n\nline3");
  }

  @Test
  void lastFrameWithoutFinalLineBreakIsReturned() throws IOException {
    Path file = plain(dir, "cut.log", "2026-04-25 08:00:01\ninit|r|\nr1c2|tlp|1");

    assertThat(readAll(file)).extracting(RecordedFrame::text)
        .containsExactly("init|r|\nr1c2|tlp|1");
  }

  @Test
  void timestampsAreUtcByDefaultAndCanBeReadInAnotherZone() throws IOException {
    Path file = plain(dir, "santos.log", "2026-04-25 08:16:59\ninit|r|\n\n");

    assertThat(readAll(file)).extracting(RecordedFrame::at)
        .containsExactly(epochMillis("2026-04-25T08:16:59Z"));
    assertThat(readAll(file, RecordingReader.Options.DEFAULTS.withZone(ZoneId.of("Europe/Madrid"))))
        .extracting(RecordedFrame::at)
        .containsExactly(epochMillis("2026-04-25T06:16:59Z"));
  }

  @Test
  void linesShapedLikeTimestampsButInvalidDatesAreFrameText() throws IOException {
    Path file = plain(dir, "odd.log", "2026-04-25 08:00:01\n2026-13-45 99:00:00\n\n");

    assertThat(readAll(file)).extracting(RecordedFrame::text)
        .containsExactly("2026-13-45 99:00:00");
  }

  @Test
  void eventCodeComesFromTheFileNameUnlessTheCallerGivesOne() throws IOException {
    Path file = gzipped(dir, "Santos 12H_2026-04-25.partial.log.gz", LOG);

    assertThat(readAll(file)).extracting(RecordedFrame::eventCode)
        .containsOnly("santos-12h_2026-04-25");
    assertThat(readAll(file, RecordingReader.Options.DEFAULTS.withEventCode("santos")))
        .extracting(RecordedFrame::eventCode).containsOnly("santos");
  }

  @Test
  void skippedLinesStayZeroBecauseEveryLineBelongsToAFrame() throws IOException {
    Path file = plain(dir, "santos.log", LOG);

    try (RecordingReader reader = RecordingReader.open(file)) {
      reader.forEachRemaining(frame -> { });
      assertThat(reader.skippedLines()).isZero();
    }
  }
}
