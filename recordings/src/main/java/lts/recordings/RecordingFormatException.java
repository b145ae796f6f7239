package lts.recordings;

/**
 * A recording file cannot be read: it is none of the {@link RecordingFormat}s, it is truncated or
 * corrupt, or a line is longer than the reader accepts. The message names the file and says what to
 * do.
 */
public class RecordingFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error without an underlying cause. */
  public RecordingFormatException(String message) {
    super(message);
  }

  /** An error caused by {@code cause} (e.g. the gzip stream's {@code EOFException}). */
  public RecordingFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
