package lts.rawstorage.recording;

import java.io.BufferedOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends frames to a recording in our own format, {@link RecordingFormat#ENVELOPES}: one JSON line
 * per frame, {@code {"event_code":…,"data":…,"source":…,"created_at":…,"updated_at":…}} with
 * {@code created_at = updated_at = frame.at()}. {@link RecordingReader} reads the file back into
 * the same frames, whatever their text.
 *
 * <p>Strings are escaped so that every line is valid JSON and nothing but {@code \n} ends a line:
 * {@code "} and {@code \}, control characters, DEL, U+0085, U+2028, U+2029 and unpaired surrogates
 * are written as escapes (an unpaired surrogate as its {@code \}{@code uXXXX} code, so that it
 * reads back unchanged); everything else, U+FFFD included, is written as UTF-8.
 *
 * <p>Writes are buffered: {@link #flush()} hands them to the operating system, {@link #fsync()}
 * also forces them to the disk, {@link #close()} flushes. Not thread-safe.
 */
public final class RecordingWriter implements AutoCloseable, Flushable {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Path file;
  private final FileChannel channel;
  private final OutputStream out;
  private final StringBuilder line = new StringBuilder(4096);
  private boolean closed;

  private RecordingWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
  }

  /**
   * Opens {@code file} for appending, creating it if needed (not its directories). When the file
   * does not end with a line break (a writer died in the middle of a line), one is added first, so
   * that the cut line stays alone and the new frames are readable.
   */
  public static RecordingWriter open(Path file) throws IOException {
    Path path = file.toAbsolutePath();
    boolean cutLine = endsWithoutLineBreak(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    RecordingWriter writer = new RecordingWriter(path, channel);
    if (cutLine) {
      writer.out.write('\n');
    }
    return writer;
  }

  /** The file written (absolute). */
  public Path file() {
    return file;
  }

  /**
   * Appends one frame as an envelope.
   *
   * @param source the envelope's {@code source}, e.g. {@code ws-listener}
   */
  public void write(RecordedFrame frame, String source) throws IOException {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(source, "source");
    if (closed) {
      throw new IOException("recording writer for " + file + " is closed");
    }
    line.setLength(0);
    line.append("{\"event_code\":");
    appendString(line, frame.eventCode());
    line.append(",\"data\":");
    appendString(line, frame.text());
    line.append(",\"source\":");
    appendString(line, source);
    line.append(",\"created_at\":").append(frame.at());
    line.append(",\"updated_at\":").append(frame.at());
    line.append("}\n");
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Hands the buffered lines to the operating system. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes, then forces the file's content and metadata to the disk. */
  public void fsync() throws IOException {
    flush();
    channel.force(true);
  }

  /** Flushes and closes the file. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private static boolean endsWithoutLineBreak(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    try (FileChannel reading = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = reading.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      reading.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  /** Appends {@code text} as a JSON string; null becomes JSON {@code null}. */
  private static void appendString(StringBuilder json, String text) {
    if (text == null) {
      json.append("null");
      return;
    }
    json.append('"');
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < length
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            json.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029
              || Character.isSurrogate(c)) {
            json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
