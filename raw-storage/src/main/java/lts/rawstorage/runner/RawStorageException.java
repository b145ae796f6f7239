package lts.rawstorage.runner;

import java.io.IOException;

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
}
