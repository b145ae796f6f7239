package lts.recordings;

import static lts.recordings.RecordingFiles.epochMillis;
import static lts.recordings.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import lts.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the real recordings of {@code ../shared/data/apex}. Every expected figure was counted
 * independently of this code, in the shell, on 2026-11-27:
 * <ul>
 *   <li>timestamp logs: a Python script ({@code gzip}, {@code re}) splitting the bytes on
 *       {@code \n}, cutting blocks at lines matching {@code ^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$},
 *       dropping trailing lines that are ASCII whitespace and blocks left empty; the frame counts
 *       were cross-checked with {@code zcat | awk} counting timestamp blocks that hold a non-blank
 *       line;</li>
 *   <li>JSON lines: Python {@code json.loads} with {@code Decimal} times ({@code started_at} +
 *       {@code t}, floored to the millisecond), skipping lines without {@code msg}/{@code raw} and
 *       blank texts; cross-checked with {@code zcat | grep -c '"msg"'} (21178 lines, 37 of them
 *       {@code "\n"}, 5 {@code event_meta} notes).</li>
 * </ul>
 * "chars" is the sum of the frames' lengths in code points; "junk" counts frames that do not start
 * with {@code [a-z0-9]+|}.
 */
class RealRecordingsTest {

  private static final Pattern APEX_LINE = Pattern.compile("^[a-z0-9]+\\|.*", Pattern.DOTALL);

  @TempDir
  Path dir;

  @Test
  void santos12hIsATimestampLogWithJunkFramesAndTheRaceStartAt081659Utc() throws IOException {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");

    List<RecordedFrame> frames;
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.TIMESTAMP_LOG);
      frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(reader.skippedLines()).isZero();
      assertThat(reader.bytesRead()).isEqualTo(Files.size(file)).isEqualTo(reader.fileSize());
    }

    assertThat(frames).hasSize(85_558);
    assertThat(frames).extracting(RecordedFrame::eventCode).containsOnly("santos-12h-2026-04-25");
    assertThat(codePoints(frames)).isEqualTo(4_753_489);
    RecordedFrame first = frames.get(0);
    assertThat(first.at()).isEqualTo(epochMillis("2026-04-25T00:13:02Z"));
    assertThat(first.text()).startsWith("GET / HTTP/1.1\nHost: 51.68.170.219:8090\n");
    RecordedFrame last = frames.get(frames.size() - 1);
    assertThat(last.at()).isEqualTo(epochMillis("2026-04-25T23:42:22Z"));
    assertThat(last.text()).startsWith("init|r|\n");

    RecordedFrame raceStart = frames.stream().filter(f -> f.text().startsWith("init|r|"))
        .findFirst().orElseThrow();
    assertThat(raceStart.at()).isEqualTo(epochMillis("2026-04-25T08:16:59Z"));
    assertThat(raceStart.text()).contains("dyn1|countdown|43172718");
    assertThat(frames).filteredOn(f -> f.text().startsWith("init|")).hasSize(9);

    assertThat(frames).filteredOn(f -> !APEX_LINE.matcher(f.text()).matches()).hasSize(78);
    assertThat(frames).filteredOn(f -> f.text().startsWith("GET ")).hasSize(19);
    assertThat(frames).filteredOn(f -> f.text().startsWith("\u0016\u0003")).hasSize(26);
  }

  @Test
  void santos12hInMadridTimeStartsTheRaceTwoHoursEarlierInUtc() throws IOException {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");
    RecordingReader.Options madrid =
        RecordingReader.Options.DEFAULTS.withZone(ZoneId.of("Europe/Madrid"));

    try (RecordingReader reader = RecordingReader.open(file, madrid)) {
      while (reader.hasNext()) {
        RecordedFrame frame = reader.next();
        if (frame.text().startsWith("init|r|")) {
          assertThat(frame.at()).isEqualTo(epochMillis("2026-04-25T06:16:59Z"));
          return;
        }
      }
    }
    throw new AssertionError("no init|r| frame");
  }

  @Test
  void arizaSprintDayHasFortySessionChangesAndFourTlsJunkFrames() throws IOException {
    Path file = SharedData.recording("ariza-sprint-day-2026-05-02.log.gz");

    List<RecordedFrame> frames = readAll(file);

    assertThat(frames).hasSize(10_712);
    assertThat(codePoints(frames)).isEqualTo(1_027_993);
    assertThat(frames.get(0).at()).isEqualTo(epochMillis("2026-05-02T05:30:48Z"));
    assertThat(frames.get(0).text()).startsWith("init|p|\n");
    assertThat(frames.get(frames.size() - 1).at()).isEqualTo(epochMillis("2026-05-02T17:30:25Z"));
    assertThat(frames.get(frames.size() - 1).text()).startsWith("init|r|\n");
    assertThat(frames).filteredOn(f -> f.text().startsWith("init|")).hasSize(40);
    assertThat(frames).filteredOn(f -> !APEX_LINE.matcher(f.text()).matches()).hasSize(4);
    assertThat(frames).extracting(RecordedFrame::eventCode)
        .containsOnly("ariza-sprint-day-2026-05-02");
  }

  @Test
  void rkcPracticeStartsWithABlankLineAndIsStillATimestampLog() throws IOException {
    Path file = SharedData.recording("rkc-13h-practice-quali.log.gz");

    List<RecordedFrame> frames;
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.TIMESTAMP_LOG);
      frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
    }

    assertThat(frames).hasSize(687);
    assertThat(codePoints(frames)).isEqualTo(157_254);
    assertThat(frames.get(0).at()).isEqualTo(epochMillis("2026-04-18T06:05:04Z"));
    assertThat(frames.get(0).text()).startsWith("init|p|\n");
    assertThat(frames.get(frames.size() - 1).at()).isEqualTo(epochMillis("2026-04-18T08:12:26Z"));
    assertThat(frames).filteredOn(f -> f.text().startsWith("init|")).hasSize(4);
    assertThat(frames).allMatch(f -> APEX_LINE.matcher(f.text()).matches());
  }

  @Test
  void capkartingIsJsonlWithHeaderNamedAfterItsCircuitUrl() throws IOException {
    Path file = SharedData.recording("capkarting-4h-2026-05-31.partial.jsonl.gz");

    List<RecordedFrame> frames;
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.JSONL_WITH_HEADER);
      frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(reader.skippedLines()).isZero();
    }

    assertThat(frames).hasSize(21_141);
    assertThat(codePoints(frames)).isEqualTo(1_185_622);
    assertThat(frames).extracting(RecordedFrame::eventCode).containsOnly("capkarting");
    assertThat(frames.get(0).at()).isEqualTo(1_780_208_461_994L);
    assertThat(frames.get(0).text()).startsWith("init|p|\nbest|hide|\n");
    assertThat(frames.get(frames.size() - 1).at()).isEqualTo(1_780_222_980_239L);
    assertThat(frames.get(frames.size() - 1).text()).isEqualTo("r51424c9|to|1:13.\n");
    assertThat(frames).filteredOn(f -> f.text().startsWith("init|")).hasSize(5);
    assertThat(frames).isSortedAccordingTo((a, b) -> Long.compare(a.at(), b.at()));
  }

  @Test
  void santos3hIsNdjsonStartingExactlyAtTheRaceInit() throws IOException {
    Path file = SharedData.recording("santos-3h-first-30min.ndjson.gz");

    List<RecordedFrame> frames;
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertThat(reader.format()).isEqualTo(RecordingFormat.NDJSON);
      frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(reader.skippedLines()).isZero();
    }

    assertThat(frames).hasSize(1_939);
    assertThat(codePoints(frames)).isEqualTo(221_612);
    assertThat(frames).extracting(RecordedFrame::eventCode).containsOnly("santos-3h-first-30min");
    assertThat(frames.get(0).at()).isEqualTo(1_782_593_801_798L);
    assertThat(frames.get(0).text()).startsWith("init|r|\n");
    assertThat(frames.get(frames.size() - 1).at()).isEqualTo(1_782_595_621_658L);
    assertThat(frames.get(frames.size() - 1).text()).isEqualTo("r24081c10|in|0:22\n");
  }

  @Test
  void santos12hSurvivesARoundTripThroughOurOwnFormat() throws IOException {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");
    Path copy = dir.resolve("santos-12h.jsonl");
    List<RecordedFrame> original = readAll(file);

    try (RecordingWriter writer = RecordingWriter.open(copy)) {
      for (RecordedFrame frame : original) {
        writer.write(frame, "import");
      }
    }

    assertThat(readAll(copy)).isEqualTo(original);
  }

  @Test
  void realRecordingCutInHalfGivesItsFirstFramesThenATruncationError() throws IOException {
    byte[] gzipped = Files.readAllBytes(SharedData.recording("santos-3h-first-30min.ndjson.gz"));
    Path cut = Files.write(dir.resolve("santos-3h-cut.ndjson.gz"),
        Arrays.copyOf(gzipped, gzipped.length / 2));
    List<RecordedFrame> complete = readAll(SharedData.recording("santos-3h-first-30min.ndjson.gz"));

    RecordingReader.Options sameCode =
        RecordingReader.Options.DEFAULTS.withEventCode("santos-3h-first-30min");

    List<RecordedFrame> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(cut, sameCode)) {
      assertThatThrownBy(() -> reader.forEachRemaining(frames::add))
          .isInstanceOf(RecordingFormatException.class)
          .hasMessageContaining("is truncated after " + frames.size() + " frames");
    }
    assertThat(frames).isNotEmpty().isEqualTo(complete.subList(0, frames.size()));
    assertThat(frames.size()).isLessThan(complete.size());
  }

  private static long codePoints(List<RecordedFrame> frames) {
    return frames.stream().mapToLong(f -> f.text().codePointCount(0, f.text().length())).sum();
  }
}
