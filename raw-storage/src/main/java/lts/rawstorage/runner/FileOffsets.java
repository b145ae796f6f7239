package lts.rawstorage.runner;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * What one recording file holds: partition → highest offset of the topic in it (written by the
 * runner, or found in its tail), and the size and modification time of the file when its tail was
 * last read. Per file, because the lines of one file are a stream written in order, so a record is
 * on disk when its file holds an offset of its partition at or above its own; across files there
 * is no such order (each file has its own buffer).
 */
final class FileOffsets {

  private final Map<Integer, Long> offsets = new HashMap<>();
  private long scannedSize = -1;
  private long scannedModifiedMillis = -1;

  /** The highest offset of {@code partition} in the file, or -1. */
  long last(int partition) {
    return offsets.getOrDefault(partition, -1L);
  }

  /** The file holds {@code offset} of {@code partition} (it only ever rises). */
  void written(int partition, long offset) {
    offsets.merge(partition, offset, Math::max);
  }

  /** Forgets what the file holds of {@code partition}. */
  void forget(int partition) {
    offsets.remove(partition);
  }

  /** True when the file has the size and time it had when its tail was last read. */
  boolean unchangedSinceScan(BasicFileAttributes attributes) {
    return scannedSize == attributes.size()
        && scannedModifiedMillis == attributes.lastModifiedTime().toMillis();
  }

  /** Its tail was read when the file had these attributes. */
  void scanned(BasicFileAttributes attributes) {
    scannedSize = attributes.size();
    scannedModifiedMillis = attributes.lastModifiedTime().toMillis();
  }
}
