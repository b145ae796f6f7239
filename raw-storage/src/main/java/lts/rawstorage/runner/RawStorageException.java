package lts.rawstorage.runner;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * The raw-storage runner cannot do its job: the output directory cannot be created or written, a
 * recording file cannot be written or synced, or Kafka refused the consumer. The message names the
 * path or the setting, and what to do.
 */
public final class RawStorageException extends IOException {

  private static final long serialVersionUID = 1L;

  public RawStorageException(String message) {
    super(message);
  }

  public RawStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What went wrong with a file, for a message: the file and the system's reason. */
  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    if (e instanceof FileSystemException failed) {
      String reason = failed.getReason();
      return failed.getFile() + (reason == null ? " (" + kind + ")" : ": " + reason);
    }
    return message == null ? kind : message;
  }
}
