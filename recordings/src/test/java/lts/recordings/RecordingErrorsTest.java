package lts.recordings;

import static lts.recordings.RecordingFiles.gzip;
import static lts.recordings.RecordingFiles.plain;
import static lts.recordings.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingErrorsTest {

  private static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;

  @Test
  void missingFileIsReportedWithItsPath() {
    Path missing = dir.resolve("nowhere.log.gz");

    assertThatThrownBy(() -> RecordingReader.open(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("no such recording file");
  }

  @Test
  void directoryIsNotARecording() {
    assertThatThrownBy(() -> RecordingReader.open(dir))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void emptyFilesHaveZeroFramesAndReadAsEnvelopes() throws IOException {
    Path empty = Files.write(dir.resolve("empty.log"), new byte[0]);
    Path blank = plain(dir, "blank.log", "\n \r\n\t\n");
    Path emptyGzip = Files.write(dir.resolve("empty.gz"), gzip(new byte[0]));

    for (Path file : List.of(empty, blank, emptyGzip)) {
      try (RecordingReader reader = RecordingReader.open(file)) {
        assertThat(reader.hasNext()).as(file.toString()).isFalse();
        assertThat(reader.format()).isEqualTo(RecordingFormat.ENVELOPES);
      }
    }
  }

  @Test
  void randomBinaryIsNotAnApexRecording() throws IOException {
    byte[] noise = new byte[100_000];
    new Random(42).nextBytes(noise);
    noise[0] = 0x16;
    Path file = Files.write(dir.resolve("noise.bin"), noise);

    assertThatThrownBy(() -> RecordingReader.open(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageStartingWith("not an Apex recording: " + file.toAbsolutePath())
        .hasMessageContaining("first line is \"\\x16")
        .hasMessageContaining("expected a timestamp log, JSON lines with t/msg or t/raw, or LTS"
            + " envelopes");
  }

  @Test
  void textFileOfSomethingElseQuotesItsFirstLine() throws IOException {
    Path csv = plain(dir, "laps.csv", "\n\nkart,lap,time\n1,1,62.3\n");
    Path json = plain(dir, "config.json", "{\"name\": \"santos\", \"laps\": 12}\n");

    assertThatThrownBy(() -> RecordingReader.open(csv))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("first line is \"kart,lap,time\"");
    assertThatThrownBy(() -> RecordingReader.open(json))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("not an Apex recording");
  }

  @Test
  void aTwentyMibSingleLineIsRejectedWithoutRunningOutOfMemory() throws IOException {
    byte[] line = new byte[20 * MIB];
    Arrays.fill(line, (byte) 'x');
    Path file = Files.write(dir.resolve("one-line.log"), line);

    assertThatThrownBy(() -> RecordingReader.open(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("not an Apex recording")
        .hasMessageContaining("no line break in its first 16 MiB");
  }

  @Test
  void anOverlongLineInsideARecordingStopsReadingWithItsLineNumber() throws IOException {
    StringBuilder log = new StringBuilder("{\"t\":1,\"raw\":\"init|r|\"}\n{\"t\":2,\"raw\":\"");
    log.append("y".repeat(2000)).append("\"}\n");
    Path file = plain(dir, "long.ndjson", log.toString());
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withMaxLineBytes(1000);

    try (RecordingReader reader = RecordingReader.open(file, options)) {
      assertThat(reader.next().text()).isEqualTo("init|r|");
      assertThatThrownBy(reader::hasNext)
          .isInstanceOf(RecordingFormatException.class)
          .hasMessageContaining("line 2 is longer than 1000 bytes");
      assertThatThrownBy(reader::hasNext)
          .as("the error stays: the reader does not resume in the middle of the long line")
          .isInstanceOf(RecordingFormatException.class);
    }
  }

  @Test
  void anOverlongTimestampLogBlockIsRejected() throws IOException {
    String block = ("r1c2|tlp|1\n").repeat(200);
    Path file = plain(dir, "huge.log", "2026-04-25 08:00:01\n" + block + "\n");
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withMaxLineBytes(1000);

    try (RecordingReader reader = RecordingReader.open(file, options)) {
      assertThatThrownBy(reader::hasNext)
          .isInstanceOf(RecordingFormatException.class)
          .hasMessageContaining("block of the timestamp on line 1 is longer than 1000 bytes");
    }
  }

  @Test
  void truncatedGzipDeliversTheFramesBeforeTheCutThenFailsClearly() throws IOException {
    byte[] gzipped = gzip(ndjson(5_000).getBytes(StandardCharsets.UTF_8));
    Path file = Files.write(dir.resolve("cut.ndjson.gz"),
        Arrays.copyOf(gzipped, gzipped.length / 2));

    List<RecordedFrame> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThatThrownBy(() -> reader.forEachRemaining(frames::add))
          .isInstanceOf(RecordingFormatException.class)
          .hasCauseInstanceOf(EOFException.class)
          .hasMessageContaining("recording " + file.toAbsolutePath() + " is truncated after "
              + frames.size() + " frames (gzip stream ended early)");
    }
    assertThat(frames).hasSizeBetween(1_000, 4_999);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).at()).isEqualTo(1_000_000L + i);
    }
  }

  @Test
  void gzipCutInsideItsHeaderIsTruncatedAfterZeroFrames() throws IOException {
    byte[] gzipped = gzip(ndjson(10).getBytes(StandardCharsets.UTF_8));
    Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gzipped, 5));

    assertThatThrownBy(() -> RecordingReader.open(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("truncated after 0 frames");
  }

  @Test
  void corruptGzipDeliversTheFramesBeforeTheDamageThenFails() throws IOException {
    byte[] gzipped = gzip(ndjson(5_000).getBytes(StandardCharsets.UTF_8));
    for (int i = gzipped.length / 2; i < gzipped.length / 2 + 64; i++) {
      gzipped[i] = (byte) 0xFF;
    }
    Path file = Files.write(dir.resolve("corrupt.ndjson.gz"), gzipped);

    List<RecordedFrame> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThatThrownBy(() -> reader.forEachRemaining(frames::add))
          .isInstanceOf(RecordingFormatException.class)
          .hasMessageContaining(file.toAbsolutePath().toString());
    }
    assertThat(frames).isNotEmpty();
  }

  @Test
  void bytesReadGrowsToTheFileSize() throws IOException {
    Path file = Files.write(dir.resolve("progress.ndjson.gz"),
        gzip(ndjson(50_000).getBytes(StandardCharsets.UTF_8)));

    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.fileSize()).isEqualTo(Files.size(file));
      long previous = 0;
      boolean grewBeforeTheEnd = false;
      while (reader.hasNext()) {
        reader.next();
        long read = reader.bytesRead();
        assertThat(read).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(reader.fileSize());
        grewBeforeTheEnd |= read > 0 && read < reader.fileSize();
        previous = read;
      }
      assertThat(grewBeforeTheEnd).isTrue();
      assertThat(reader.bytesRead()).isEqualTo(reader.fileSize());
    }
  }

  @Test
  void closedReaderHasNoMoreFrames() throws IOException {
    Path file = plain(dir, "x.ndjson", ndjson(3));

    RecordingReader reader = RecordingReader.open(file);
    reader.close();

    assertThat(reader.hasNext()).isFalse();
    assertThat(readAll(file)).hasSize(3);
  }

  /** Frames {@code {"t": 1000000 + i, "raw": "r<i>c2|tlp|<random>"}}, hard to compress. */
  private static String ndjson(int frames) {
    Random random = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < frames; i++) {
      lines.append("{\"t\":").append(1_000_000L + i).append(",\"raw\":\"r").append(i)
          .append("c2|tlp|").append(Long.toHexString(random.nextLong())).append("\"}\n");
    }
    return lines.toString();
  }
}
