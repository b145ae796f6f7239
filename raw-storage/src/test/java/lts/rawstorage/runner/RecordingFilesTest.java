package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lts.contracts.Envelope;
import lts.recordings.KafkaPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {

  /** 2026-04-25T10:00:00Z. */
  private static final long AT = 1_777_111_200_000L;
  /** 2026-04-25T23:59:59.999Z. */
  private static final long LAST_MS_OF_THE_DAY = 1_777_161_599_999L;

  @TempDir
  Path dir;

  private final Counter fsyncs = Counter.builder("fsyncs").register(new SimpleMeterRegistry());

  private RecordingFiles files() {
    return new RecordingFiles(dir.resolve("logs"), fsyncs);
  }

  private static Envelope frame(int n) {
    return Envelope.of("santos", "r1c1|in|" + n, "ws-listener", AT + n);
  }

  private static KafkaPosition at(int partition, long offset) {
    return new KafkaPosition("raw-messages", partition, offset);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void aFileIsNamedByItsDirectoryAndTheUtcDayOfTheTime() {
    RecordingFiles files = files();
    Path logs = dir.resolve("logs").toAbsolutePath();

    assertThat(files.file("santos", AT)).isEqualTo(logs.resolve("santos/2026-04-25.jsonl"));
    assertThat(files.file("santos", LAST_MS_OF_THE_DAY))
        .isEqualTo(logs.resolve("santos/2026-04-25.jsonl"));
    assertThat(files.file("santos", LAST_MS_OF_THE_DAY + 1))
        .isEqualTo(logs.resolve("santos/2026-04-26.jsonl"));
    assertThat(files.file("_invalid", 0)).isEqualTo(logs.resolve("_invalid/1970-01-01.jsonl"));
  }

  @Test
  void prepareCreatesTheOutputDirectoryAndLeavesNothingInIt() throws IOException {
    Path logs = dir.resolve("a/logs");

    assertThat(RecordingFiles.prepare(logs)).isEqualTo(logs.toAbsolutePath());
    assertThat(logs).isDirectory().isEmptyDirectory();
  }

  @Test
  void aBatchIsOnDiskOnceSyncedAndEachFileKnowsTheOffsetsItHolds() throws IOException {
    RecordingFiles files = files();
    Path santos = files.file("santos", AT);
    Path ariza = files.file("ariza", AT);
    RecordingFiles.Batch batch = files.batch();
    batch.append(santos, frame(0), at(0, 10));
    batch.append(santos, frame(1), at(0, 11));
    batch.append(ariza, frame(2), at(1, 5));
    batch.sync();

    assertThat(lines(santos)).hasSize(2);
    assertThat(lines(santos).get(1)).contains("\"data\":\"r1c1|in|1\"")
        .contains("\"kafka_partition\":0,\"kafka_offset\":11");
    assertThat(lines(ariza)).hasSize(1);
    assertThat(fsyncs.count()).isEqualTo(2);
    assertThat(files.holds(santos, 0, 11)).isTrue();
    assertThat(files.holds(santos, 0, 3)).isTrue();
    assertThat(files.holds(santos, 0, 12)).isFalse();
    assertThat(files.holds(santos, 1, 5)).as("another partition").isFalse();
    assertThat(files.holds(ariza, 1, 5)).isTrue();
    assertThat(files.lastOnDisk(0)).isEqualTo(11);
    assertThat(files.lastOnDisk(1)).isEqualTo(5);
    assertThat(files.lastOnDisk(2)).isEqualTo(-1);
  }

  @Test
  void onlyTheLeastRecentlyUsedFilesBeyondTheLimitAreClosed() throws IOException {
    RecordingFiles files = files();
    RecordingFiles.Batch batch = files.batch();
    for (int i = 0; i <= RecordingFiles.MAX_OPEN_FILES; i++) {
      batch.append(files.file("event-" + i, AT), frame(i), at(0, i));
    }
    batch.sync();
    assertThat(files.openWriters()).isEqualTo(RecordingFiles.MAX_OPEN_FILES + 1);

    files.closeLeastRecentlyUsed();

    assertThat(files.openWriters()).isEqualTo(RecordingFiles.MAX_OPEN_FILES);
    // the eldest was closed: writing to it again opens it again, and appends
    RecordingFiles.Batch next = files.batch();
    next.append(files.file("event-0", AT), frame(100), at(0, 100));
    next.sync();
    assertThat(lines(files.file("event-0", AT))).hasSize(2);
  }

  @Test
  void aFileRemovedByHandWhileOpenIsStartedAgainAndForgotten() throws IOException {
    RecordingFiles files = files();
    Path santos = files.file("santos", AT);
    RecordingFiles.Batch first = files.batch();
    first.append(santos, frame(0), at(0, 7));
    first.sync();
    Files.delete(santos);

    RecordingFiles.Batch second = files.batch();
    second.append(santos, frame(1), at(0, 3));
    second.sync();

    assertThat(lines(santos)).hasSize(1).first().asString()
        .contains("\"kafka_offset\":3");
    assertThat(files.holds(santos, 0, 7)).as("offset 7 went with the file").isFalse();
    assertThat(files.holds(santos, 0, 3)).isTrue();
  }

  @Test
  void closingAfterAFailureDropsTheLinesNotSyncedAndAfterAStopKeepsThem() throws IOException {
    RecordingFiles failed = files();
    Path santos = failed.file("santos", AT);
    failed.batch().append(santos, frame(0), at(0, 0));
    failed.close(false);
    assertThat(santos).isEmptyFile();

    RecordingFiles stopped = files();
    Path ariza = stopped.file("ariza", AT);
    stopped.batch().append(ariza, frame(0), at(0, 0));
    stopped.close(true);
    assertThat(lines(ariza)).hasSize(1);
    assertThat(stopped.openWriters()).isZero();
  }

  @Test
  void theRecordingsAreTheJsonlFilesOneDirectoryDown() throws IOException {
    RecordingFiles files = files();
    Path logs = files.output();
    Files.createDirectories(logs.resolve("santos/old"));
    Path recording = Files.writeString(logs.resolve("santos/2026-04-25.jsonl"), "");
    Files.writeString(logs.resolve("top.jsonl"), "");
    Files.writeString(logs.resolve("santos/notes.txt"), "");
    Files.writeString(logs.resolve("santos/old/2026-01-01.jsonl"), "");

    assertThat(files.list()).containsExactly(recording);
  }

  @Test
  void forgettingAPartitionOrRemovedFilesClearsWhatTheyHeld() {
    RecordingFiles files = files();
    Path santos = files.file("santos", AT);
    Path ariza = files.file("ariza", AT);
    files.offsets(santos).written(0, 10);
    files.offsets(santos).written(1, 4);
    files.offsets(ariza).written(0, 20);

    files.forget(0);
    assertThat(files.lastOnDisk(0)).isEqualTo(-1);
    assertThat(files.lastOnDisk(1)).isEqualTo(4);

    files.forgetAllBut(List.of(ariza));
    assertThat(files.lastOnDisk(1)).isEqualTo(-1);
  }
}
