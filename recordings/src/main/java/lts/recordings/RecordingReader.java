package lts.recordings;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the frames of a recording file, one at a time: a {@link RecordingFormat#TIMESTAMP_LOG}, a
 * {@link RecordingFormat#JSONL_WITH_HEADER}, an {@link RecordingFormat#NDJSON}, a
 * {@link RecordingFormat#METADATA_CONTAINER} or our own {@link RecordingFormat#ENVELOPES}, gzipped
 * or not. The format is detected from the content (gzip
 * magic bytes, then the first non-blank line), never from the file name.
 *
 * <pre>{@code
 * try (RecordingReader reader = RecordingReader.open(path)) {
 *   while (reader.hasNext()) {
 *     RecordedFrame frame = reader.next();
 *     progress.show(reader.bytesRead(), reader.fileSize());
 *   }
 * }
 * }</pre>
 *
 * <p>Streaming: memory does not grow with the length of the file. A line (or a timestamp-log block)
 * longer than {@link Options#maxLineBytes()} fails with a {@link RecordingFormatException}.
 *
 * <p>What is returned and what is skipped:
 * <ul>
 *   <li>frames whose text is blank (only ASCII whitespace: idle minutes, {@code "\n"} messages) are
 *       skipped in every format;</li>
 *   <li>junk frames of a timestamp log (HTTP probes, TLS bytes) are returned like any frame,
 *       decoded as UTF-8 with malformed bytes replaced by U+FFFD: telling them apart is the
 *       protocol engine's job;</li>
 *   <li>in the JSON formats, malformed lines are skipped and counted ({@link #skippedLines()});
 *       recorder notes ({@code event_meta}, other keys only) are skipped without being counted.</li>
 * </ul>
 *
 * <p>Errors: {@link #open} throws a {@link NoSuchFileException} naming a missing file, and a
 * {@link RecordingFormatException} for a file that is none of the formats. An empty file (no
 * bytes, only blank lines, or an empty gzip) is not an error: it has zero frames, and
 * {@link #format()} says {@link RecordingFormat#ENVELOPES}, since that is what
 * {@link RecordingWriter} leaves before its first frame. A truncated or corrupt gzip stream does
 * not lose the frames before the damage: they are returned, and then {@link #hasNext()} throws a
 * {@link RecordingFormatException} instead of returning false (the frame being written at the cut
 * is dropped). Other I/O errors while reading are thrown as {@link UncheckedIOException}.
 *
 * <p>Not thread-safe.
 */
public final class RecordingReader implements Iterator<RecordedFrame>, AutoCloseable {

  private static final int STREAM_BUFFER = 64 * 1024;

  private final Path file;
  private final long fileSize;
  private final FileChannel channel;
  private final InputStream stream;
  private final LineSource lines;
  private final RecordingFormat format;
  private final FrameParser parser;
  private RecordedFrame pending;
  private long framesReturned;
  private boolean ended;
  private RecordingFormatException failure;
  private boolean closed;
  private long bytesReadAtClose;

  private RecordingReader(Path file, long fileSize, FileChannel channel, InputStream stream,
      LineSource lines, RecordingFormat format, FrameParser parser) {
    this.file = file;
    this.fileSize = fileSize;
    this.channel = channel;
    this.stream = stream;
    this.lines = lines;
    this.format = format;
    this.parser = parser;
  }

  /**
   * How to read a recording.
   *
   * @param zone the time zone of a timestamp log's local times (ignored by the other formats, whose
   *     times are absolute); a local time that occurs twice when clocks go back is taken with the
   *     offset before the change
   * @param eventCode the event code for every frame, or null to take it from the recording (the
   *     envelope, the header's circuit URL) or else from the file name
   * @param maxLineBytes the longest line, and the longest timestamp-log block, accepted
   */
  public record Options(ZoneId zone, String eventCode, int maxLineBytes) {

    /** UTC, event code from the recording, lines up to 16 MiB. */
    public static final Options DEFAULTS = new Options(ZoneOffset.UTC, null, 16 * 1024 * 1024);

    /** Checks the arguments. */
    public Options {
      Objects.requireNonNull(zone, "zone");
      if (maxLineBytes < 1 || maxLineBytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxLineBytes must be between 1 and "
            + (Integer.MAX_VALUE - 1) + ", got " + maxLineBytes);
      }
    }

    /** These options with a timestamp log's local times in {@code zone}. */
    public Options withZone(ZoneId zone) {
      return new Options(zone, eventCode, maxLineBytes);
    }

    /** These options with {@code eventCode} for every frame (null: from the recording). */
    public Options withEventCode(String eventCode) {
      return new Options(zone, eventCode, maxLineBytes);
    }

    /** These options with another cap on the length of a line. */
    public Options withMaxLineBytes(int maxLineBytes) {
      return new Options(zone, eventCode, maxLineBytes);
    }
  }

  /** Opens a recording with the {@link Options#DEFAULTS}. */
  public static RecordingReader open(Path file) throws IOException {
    return open(file, Options.DEFAULTS);
  }

  /**
   * Opens a recording and detects its format from the first non-blank line.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws FileSystemException when it is a directory
   * @throws RecordingFormatException when it is none of the formats, or its gzip stream ends
   *     before the first line
   * @throws IOException when it cannot be read
   */
  public static RecordingReader open(Path file, Options options) throws IOException {
    Path path = file.toAbsolutePath();
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such recording file");
    }
    if (Files.isDirectory(path)) {
      throw new FileSystemException(path.toString(), null, "is a directory, not a recording file");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = channel.size();
      BufferedInputStream raw =
          new BufferedInputStream(Channels.newInputStream(channel), STREAM_BUFFER);
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream stream = gzipped ? gunzip(raw, path) : raw;
      LineSource lines = new LineSource(stream, path, options.maxLineBytes());
      FirstLine first = FirstLine.read(path, lines, options);
      RecordingReader reader =
          new RecordingReader(path, size, channel, stream, lines, first.format(), first.parser());
      reader.pending = first.frame();
      return reader;
    } catch (Throwable e) {
      try {
        channel.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The format detected. */
  public RecordingFormat format() {
    return format;
  }

  /** The file read (absolute). */
  public Path file() {
    return file;
  }

  /** Size of the file in bytes (compressed size for a gzipped file), measured when opened. */
  public long fileSize() {
    return fileSize;
  }

  /**
   * Bytes of the file consumed so far (compressed bytes for a gzipped file), for a progress bar
   * with an ETA: it runs slightly ahead of the frames returned (by the read buffers, about
   * 128 KiB) and reaches {@link #fileSize()} at the end.
   */
  public long bytesRead() {
    if (closed) {
      return bytesReadAtClose;
    }
    try {
      return channel.position();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell the position in recording " + file, e);
    }
  }

  /**
   * Lines skipped so far because they were malformed: not valid JSON, or a frame without its text
   * or time (or with an unreadable timestamp), or a frame before the first header of a
   * {@link RecordingFormat#JSONL_WITH_HEADER}.
   * Always zero for a timestamp log, whose every line belongs to a frame.
   */
  public long skippedLines() {
    return parser.skippedLines();
  }

  /**
   * True when another frame follows.
   *
   * @throws RecordingFormatException once every frame before a truncation or corruption of the gzip
   *     stream has been returned, or when a line is longer than {@link Options#maxLineBytes()}
   * @throws UncheckedIOException when reading fails
   */
  @Override
  public boolean hasNext() {
    if (pending == null && !closed && !ended) {
      try {
        pending = advance();
      } catch (RecordingFormatException e) {
        ended = true;
        failure = e;
      }
    }
    if (pending == null && failure != null) {
      throw failure;
    }
    return pending != null;
  }

  /** The next frame; see {@link #hasNext()} for the errors. */
  @Override
  public RecordedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more frames in recording " + file);
    }
    RecordedFrame frame = pending;
    pending = null;
    framesReturned++;
    return frame;
  }

  /** Closes the file; {@link #hasNext()} is false afterwards. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    bytesReadAtClose = bytesRead();
    closed = true;
    pending = null;
    failure = null;
    stream.close();
  }

  private RecordedFrame advance() {
    while (!ended) {
      boolean more;
      try {
        more = lines.next();
      } catch (EOFException e) {
        ended = true;
        failure = new RecordingFormatException("recording " + file + " is truncated after "
            + framesReturned + " frames (gzip stream ended early): those frames were read; the"
            + " rest of the file is lost (copy it again if the recorder was still writing it)", e);
        return null;
      } catch (ZipException e) {
        ended = true;
        failure = new RecordingFormatException("recording " + file + " is corrupt after "
            + framesReturned + " frames (gzip: " + e.getMessage() + "): those frames were read;"
            + " the rest of the file is unreadable", e);
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("reading recording " + file + " failed after "
            + framesReturned + " frames: " + e.getMessage(), e);
      }
      if (!more) {
        ended = true;
        return parser.finish();
      }
      RecordedFrame frame =
          parser.accept(lines.buffer(), lines.lineStart(), lines.lineLength(), lines.lineNumber());
      if (frame != null) {
        return frame;
      }
    }
    return null;
  }

  private static InputStream gunzip(InputStream raw, Path path) throws IOException {
    try {
      return new GZIPInputStream(raw, STREAM_BUFFER);
    } catch (EOFException e) {
      throw new RecordingFormatException("recording " + path + " is truncated after 0 frames"
          + " (gzip stream ended early, inside its header)", e);
    } catch (ZipException e) {
      throw new RecordingFormatException("recording " + path + " starts like a gzip file but its"
          + " header is corrupt (" + e.getMessage() + ")", e);
    }
  }
}
