package lts.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Splits a byte stream into lines without copying them: the current line is a slice of a reusable
 * buffer, valid until the next call of {@link #next()}. A line ends at {@code \n}; one trailing
 * {@code \r} is dropped, and so is a UTF-8 byte order mark at the start of the stream. The buffer
 * never grows beyond {@code maxLineBytes} plus one byte, whatever the length of the stream.
 */
final class LineSource {

  private static final int INITIAL_BUFFER = 64 * 1024;

  private final InputStream in;
  private final Path file;
  private final int maxLineBytes;
  private byte[] buffer;
  private int position;
  private int limit;
  private boolean endOfStream;
  private long lineNumber;
  private int lineStart;
  private int lineLength;

  LineSource(InputStream in, Path file, int maxLineBytes) {
    this.in = in;
    this.file = file;
    this.maxLineBytes = maxLineBytes;
    this.buffer = new byte[Math.min(INITIAL_BUFFER, maxLineBytes + 1)];
  }

  /**
   * Moves to the next line.
   *
   * @return false at the end of the stream
   * @throws LineTooLongException when a line is longer than {@code maxLineBytes}
   * @throws IOException from the stream, e.g. {@code EOFException} for a truncated gzip
   */
  boolean next() throws IOException {
    int searchFrom = position;
    while (true) {
      for (int i = searchFrom; i < limit; i++) {
        if (buffer[i] == '\n') {
          select(position, i);
          position = i + 1;
          return true;
        }
      }
      if (limit - position > maxLineBytes) {
        throw new LineTooLongException(file, lineNumber + 1, maxLineBytes);
      }
      if (endOfStream) {
        if (position == limit) {
          return false;
        }
        select(position, limit);
        position = limit;
        return true;
      }
      searchFrom = fill();
    }
  }

  /** The buffer holding the current line. */
  byte[] buffer() {
    return buffer;
  }

  /** Offset of the current line in {@link #buffer()}. */
  int lineStart() {
    return lineStart;
  }

  /** Length in bytes of the current line, without its line break. */
  int lineLength() {
    return lineLength;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /** Reads more bytes; returns where the search for a line break resumes. */
  private int fill() throws IOException {
    int pending = limit - position;
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, pending);
      position = 0;
      limit = pending;
    }
    if (limit == buffer.length) {
      byte[] bigger = new byte[(int) Math.min((long) buffer.length * 2, maxLineBytes + 1L)];
      System.arraycopy(buffer, 0, bigger, 0, limit);
      buffer = bigger;
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      endOfStream = true;
    } else {
      limit += read;
    }
    return pending;
  }

  private void select(int start, int end) {
    lineNumber++;
    if (end > start && buffer[end - 1] == '\r') {
      end--;
    }
    if (lineNumber == 1 && end - start >= 3 && buffer[start] == (byte) 0xEF
        && buffer[start + 1] == (byte) 0xBB && buffer[start + 2] == (byte) 0xBF) {
      start += 3;
    }
    lineStart = start;
    lineLength = end - start;
  }

  /** True when the line holds only ASCII whitespace (or nothing). */
  static boolean isBlank(byte[] bytes, int start, int length) {
    for (int i = start; i < start + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0x0B && b != '\f') {
        return false;
      }
    }
    return true;
  }

  /** True when the text holds only ASCII whitespace (or nothing), the same rule as for bytes. */
  static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0x0B && c != '\f') {
        return false;
      }
    }
    return true;
  }

  /** A line longer than the reader accepts. */
  static final class LineTooLongException extends RecordingFormatException {

    private static final long serialVersionUID = 1L;

    LineTooLongException(Path file, long lineNumber, int maxLineBytes) {
      super("recording " + file + ": line " + lineNumber + " is longer than "
          + describeBytes(maxLineBytes) + " without a line break, so the file is not a recording"
          + " (binary or corrupt data?); check the file, or raise maxLineBytes if such lines are"
          + " genuine");
    }
  }

  /** {@code 16 MiB} for 16777216, or the number of bytes when it is not a whole number of MiB. */
  static String describeBytes(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }
}
