package lts.recordings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Frames of a {@link RecordingFormat#TIMESTAMP_LOG}: a frame is every line between one timestamp
 * line and the next, trailing blank lines removed, joined with {@code \n}, decoded as UTF-8
 * (malformed bytes become U+FFFD). Blocks without text (idle minutes) are dropped; junk blocks
 * (HTTP probes, TLS bytes) are frames like any other.
 */
final class TimestampLogParser implements FrameParser {

  private static final long NOT_A_TIMESTAMP = Long.MIN_VALUE;
  private static final int TIMESTAMP_LENGTH = "YYYY-MM-DD HH:MM:SS".length();
  private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private final Path file;
  private final String eventCode;
  private final ZoneRules zone;
  private final boolean fixedOffset;
  private final int fixedOffsetSeconds;
  private final int maxFrameBytes;
  private byte[] frame = new byte[64 * 1024];
  private int length;
  private int textLength;
  private int lines;
  private long blockAt = NOT_A_TIMESTAMP;
  private long blockLine;
  private long cachedDayKey = -1;
  private long cachedEpochDay;

  TimestampLogParser(Path file, String eventCode, ZoneId zone, int maxFrameBytes) {
    this.file = file;
    this.eventCode = eventCode;
    this.zone = zone.getRules();
    this.fixedOffset = this.zone.isFixedOffset();
    this.fixedOffsetSeconds = this.zone.getOffset(Instant.EPOCH).getTotalSeconds();
    this.maxFrameBytes = maxFrameBytes;
  }

  /** True when the line has the shape {@code YYYY-MM-DD HH:MM:SS} and is a valid date and time. */
  static boolean isTimestamp(byte[] bytes, int start, int length) {
    return length == TIMESTAMP_LENGTH && hasTimestampShape(bytes, start);
  }

  @Override
  public RecordedFrame accept(byte[] bytes, int start, int length, long lineNumber) {
    long at = length == TIMESTAMP_LENGTH ? parseTimestamp(bytes, start) : NOT_A_TIMESTAMP;
    if (at != NOT_A_TIMESTAMP) {
      RecordedFrame done = completeBlock();
      blockAt = at;
      blockLine = lineNumber;
      return done;
    }
    if (blockAt != NOT_A_TIMESTAMP) {
      append(bytes, start, length);
    }
    return null;
  }

  @Override
  public RecordedFrame finish() {
    return completeBlock();
  }

  @Override
  public long skippedLines() {
    return 0;
  }

  /** The frame of the block read so far (null when it has no text); starts an empty block. */
  private RecordedFrame completeBlock() {
    RecordedFrame done = textLength == 0 ? null : new RecordedFrame(eventCode, blockAt,
        new String(frame, 0, textLength, StandardCharsets.UTF_8));
    length = 0;
    textLength = 0;
    lines = 0;
    return done;
  }

  private void append(byte[] bytes, int start, int lineLength) {
    int separator = lines == 0 ? 0 : 1;
    long needed = (long) length + separator + lineLength;
    if (needed > maxFrameBytes) {
      throw new RecordingFormatException("recording " + file
          + ": the block of the timestamp on line " + blockLine + " is longer than "
          + LineSource.describeBytes(maxFrameBytes)
          + ", so the file is not a recording (binary or corrupt data?); check the file, or raise"
          + " maxLineBytes if such frames are genuine");
    }
    if (needed > frame.length) {
      byte[] bigger = new byte[(int) Math.min(Math.max(needed, frame.length * 2L), maxFrameBytes)];
      System.arraycopy(frame, 0, bigger, 0, length);
      frame = bigger;
    }
    if (separator == 1) {
      frame[length++] = '\n';
    }
    System.arraycopy(bytes, start, frame, length, lineLength);
    length += lineLength;
    lines++;
    if (!LineSource.isBlank(bytes, start, lineLength)) {
      textLength = length;
    }
  }

  /** Epoch milliseconds of a 19-byte line, or {@link #NOT_A_TIMESTAMP}. */
  private long parseTimestamp(byte[] b, int s) {
    if (!hasTimestampShape(b, s)) {
      return NOT_A_TIMESTAMP;
    }
    int year = number(b, s, 4);
    int month = number(b, s + 5, 2);
    int day = number(b, s + 8, 2);
    int hour = number(b, s + 11, 2);
    int minute = number(b, s + 14, 2);
    int second = number(b, s + 17, 2);
    long dayKey = year * 10_000L + month * 100L + day;
    if (dayKey != cachedDayKey) {
      cachedEpochDay = LocalDate.of(year, month, day).toEpochDay();
      cachedDayKey = dayKey;
    }
    long localSeconds = cachedEpochDay * 86_400 + hour * 3_600L + minute * 60L + second;
    int offsetSeconds = fixedOffset ? fixedOffsetSeconds
        : zone.getOffset(LocalDateTime.of(year, month, day, hour, minute, second))
            .getTotalSeconds();
    return (localSeconds - offsetSeconds) * 1000;
  }

  private static boolean hasTimestampShape(byte[] b, int s) {
    if (b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != ' ' || b[s + 13] != ':'
        || b[s + 16] != ':') {
      return false;
    }
    for (int i : DIGIT_POSITIONS) {
      if (b[s + i] < '0' || b[s + i] > '9') {
        return false;
      }
    }
    int month = number(b, s + 5, 2);
    int day = number(b, s + 8, 2);
    return month >= 1 && month <= 12 && day >= 1
        && day <= Month.of(month).length(Year.isLeap(number(b, s, 4)))
        && number(b, s + 11, 2) < 24 && number(b, s + 14, 2) < 60 && number(b, s + 17, 2) < 60;
  }

  private static int number(byte[] b, int start, int digits) {
    int value = 0;
    for (int i = start; i < start + digits; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }
}
