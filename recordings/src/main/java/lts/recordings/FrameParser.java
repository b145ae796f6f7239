package lts.recordings;

/** Turns the lines of one {@link RecordingFormat} into frames. */
interface FrameParser {

  /**
   * Takes the next line ({@code length} bytes of {@code bytes} from {@code start}, without its line
   * break; {@code lineNumber} counts from 1 for error messages); returns the frame it completes, or
   * null.
   */
  RecordedFrame accept(byte[] bytes, int start, int length, long lineNumber);

  /** Called once at the end of the recording; returns the last frame still pending, or null. */
  RecordedFrame finish();

  /** Lines dropped because they were malformed (see {@link RecordingReader#skippedLines()}). */
  long skippedLines();
}
