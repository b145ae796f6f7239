package lts.rawstorage.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tail of a recording written by the runner, from its end backwards, to learn the last
 * Kafka offset of each partition in this file; repairs a torn last line first.
 *
 * <p>Where the reading stops: at the first line (going backwards) whose offset is below the
 * consumer group's committed offset of its partition. Such a line belongs to a batch whose offsets
 * were committed, and everything before it in the file belongs to that batch or an earlier one
 * (batches are written, synced and committed one after the other), so nothing before it can be
 * above a committed offset. After a clean stop that is the last complete line; after a crash
 * between fsync and commit, the lines of that last batch; with no committed offset at all (a new
 * group, expired offsets), the whole file. Reading also stops at a line without a position or from
 * another topic (a file written by another tool, or before {@code --kafka_topic} changed), and
 * skips lines that are not JSON (counted).
 */
final class RecordingTail {

  private static final Logger log = LoggerFactory.getLogger(RecordingTail.class);

  /** Lines longer than this are skipped as unreadable (the runner never writes such lines). */
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(MAX_LINE_BYTES).build())
      .build();

  /**
   * What the tail told.
   *
   * @param lastOffsets partition → highest offset of {@code topic} found in the lines read
   * @param repairedBytes bytes of a torn last line removed (0: none)
   * @param linesRead complete lines read
   * @param unreadableLines lines that are not JSON objects (skipped)
   */
  record Result(Map<Integer, Long> lastOffsets, long repairedBytes, long linesRead,
      long unreadableLines) {
  }

  private RecordingTail() {
  }

  /**
   * Repairs a torn last line, then reads the tail.
   *
   * @param topic the topic whose positions count
   * @param committed partition → committed offset of the group (next offset to read); a partition
   *     without one is absent
   */
  static Result scan(Path file, String topic, Map<Integer, Long> committed) throws IOException {
    long repaired = repairTornLine(file);
    Map<Integer, Long> last = new HashMap<>();
    long lines = 0;
    long unreadable = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      BackwardLines reader = new BackwardLines(channel, channel.size());
      byte[] line;
      while ((line = reader.previous()) != null) {
        if (line == BackwardLines.TOO_LONG) {
          unreadable++;
          continue;
        }
        if (isBlank(line)) {
          continue;
        }
        lines++;
        Position position = position(line);
        if (position == Position.NOT_JSON) {
          unreadable++;
          continue;
        }
        if (position == Position.NONE || !topic.equals(position.topic)) {
          break;
        }
        last.merge(position.partition, position.offset, Math::max);
        Long next = committed.get(position.partition);
        if (next != null && position.offset < next) {
          break;
        }
      }
    }
    if (unreadable > 0) {
      log.warn("{}: {} line(s) near the end are not JSON and were skipped", file, unreadable);
    }
    return new Result(last, repaired, lines, unreadable);
  }

  /**
   * When the file does not end with a line break (a write cut by a crash), cuts it after its last
   * line break and syncs it. Returns the number of bytes removed.
   */
  static long repairTornLine(Path file) throws IOException {
    long size;
    long keep;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      if (size == 0 || byteAt(channel, size - 1) == '\n') {
        return 0;
      }
      keep = new BackwardLines(channel, size).previousLineBreak(size - 1) + 1;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(keep);
      channel.force(true);
    }
    log.warn("repaired {}: removed a torn last line of {} bytes (a write cut by a crash; that record"
        + " was never committed, so it is read again from Kafka and written whole)", file,
        size - keep);
    return size - keep;
  }

  private static byte byteAt(FileChannel channel, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    if (channel.read(one, position) != 1) {
      throw new EOFException("cannot read byte " + position);
    }
    return one.get(0);
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** The {@code kafka_*} fields of a line. */
  static final class Position {
    static final Position NOT_JSON = new Position(null, -1, -1);
    static final Position NONE = new Position(null, -1, -1);

    final String topic;
    final int partition;
    final long offset;

    Position(String topic, int partition, long offset) {
      this.topic = topic;
      this.partition = partition;
      this.offset = offset;
    }
  }

  /** The position written in a line, {@link Position#NONE}, or {@link Position#NOT_JSON}. */
  static Position position(byte[] line) {
    String topic = null;
    Integer partition = null;
    Long offset = null;
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Position.NOT_JSON;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "kafka_topic":
            topic = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            break;
          case "kafka_partition":
            partition = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
            break;
          case "kafka_offset":
            offset = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
            break;
          default:
            parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return Position.NOT_JSON;
      }
    } catch (IOException e) {
      return Position.NOT_JSON;
    }
    if (topic == null || partition == null || offset == null || partition < 0 || offset < 0) {
      return Position.NONE;
    }
    return new Position(topic, partition, offset);
  }

  /**
   * The lines of a file from its end backwards, through a window of the file: each byte is looked
   * at once, a line longer than the window is read with one more read.
   */
  static final class BackwardLines {

    static final byte[] TOO_LONG = new byte[0];

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(CHUNK);
    private long windowStart;
    private int windowLength;
    /** End of the part not read yet: the byte before it is a line break (or it is the size). */
    private long end;

    BackwardLines(FileChannel channel, long end) {
      this.channel = channel;
      this.end = end;
      this.windowStart = end;
    }

    /** The previous line without its line break, {@link #TOO_LONG}, or null at the start. */
    byte[] previous() throws IOException {
      if (end <= 0) {
        return null;
      }
      long lineEnd = byteAt(end - 1) == '\n' ? end - 1 : end;
      long lineStart = lineEnd == 0 ? 0 : previousLineBreak(lineEnd) + 1;
      end = lineStart;
      long length = lineEnd - lineStart;
      if (length > MAX_LINE_BYTES) {
        return TOO_LONG;
      }
      byte[] line = new byte[(int) length];
      if (lineStart >= windowStart && lineEnd <= windowStart + windowLength) {
        window.get((int) (lineStart - windowStart), line, 0, line.length);
      } else {
        ByteBuffer target = ByteBuffer.wrap(line);
        long at = lineStart;
        while (target.hasRemaining()) {
          int read = channel.read(target, at);
          if (read < 0) {
            throw new EOFException("file shrank while reading it");
          }
          at += read;
        }
      }
      return line;
    }

    /** Position of the last {@code \n} before {@code before}, or -1. */
    long previousLineBreak(long before) throws IOException {
      for (long i = before - 1; i >= 0; i--) {
        if (byteAt(i) == '\n') {
          return i;
        }
      }
      return -1;
    }

    private byte byteAt(long position) throws IOException {
      if (position < windowStart || position >= windowStart + windowLength) {
        load(position);
      }
      return window.get((int) (position - windowStart));
    }

    /** Loads the window that ends just after {@code position}. */
    private void load(long position) throws IOException {
      long start = Math.max(0, position + 1 - CHUNK);
      int length = (int) (position + 1 - start);
      window.clear();
      window.limit(length);
      long at = start;
      while (window.hasRemaining()) {
        int read = channel.read(window, at);
        if (read < 0) {
          throw new EOFException("file shrank while reading it");
        }
        at += read;
      }
      windowStart = start;
      windowLength = length;
    }
  }
}
