package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOffsetsTest {

  @TempDir
  Path dir;

  @Test
  void theLastOffsetOfAPartitionOnlyRises() {
    FileOffsets offsets = new FileOffsets();
    assertThat(offsets.last(0)).isEqualTo(-1);

    offsets.written(0, 12);
    offsets.written(0, 7);
    offsets.written(1, 3);

    assertThat(offsets.last(0)).isEqualTo(12);
    assertThat(offsets.last(1)).isEqualTo(3);
    offsets.forget(0);
    assertThat(offsets.last(0)).isEqualTo(-1);
    assertThat(offsets.last(1)).isEqualTo(3);
  }

  @Test
  void aFileIsUnchangedUntilItsSizeOrTimeDiffersFromItsLastScan() throws IOException {
    Path file = Files.writeString(dir.resolve("santos.jsonl"), "{}\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-04-25T10:00:00Z")));
    FileOffsets offsets = new FileOffsets();
    assertThat(offsets.unchangedSinceScan(attributes(file))).as("never scanned").isFalse();

    offsets.scanned(attributes(file));
    assertThat(offsets.unchangedSinceScan(attributes(file))).isTrue();

    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-04-25T10:00:01Z")));
    assertThat(offsets.unchangedSinceScan(attributes(file))).as("touched").isFalse();
    offsets.scanned(attributes(file));
    Files.writeString(file, "{}\n{}\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-04-25T10:00:01Z")));
    assertThat(offsets.unchangedSinceScan(attributes(file))).as("grown").isFalse();
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class);
  }
}
