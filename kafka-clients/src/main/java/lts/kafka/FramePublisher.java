package lts.kafka;

import java.util.concurrent.CompletableFuture;

/** Where a listener puts the frames it receives (Kafka in production, a fake in tests). */
@FunctionalInterface
public interface FramePublisher {

  /**
   * Publishes one frame and returns once it is durably acknowledged.
   *
   * @param eventCode the feed (the record key)
   * @param frame the frame exactly as received
   * @param receivedAtMs when it was received, epoch ms
   * @throws PublishException when it was not acknowledged in time or was refused
   */
  void publish(String eventCode, String frame, long receivedAtMs) throws PublishException;

  /**
   * Starts publishing one frame without waiting: the future completes once the frame is durably
   * acknowledged, or exceptionally with a {@link PublishException} once the publisher gave up on
   * it (never both, and only then: a frame whose future is still open may still be written).
   * This default publishes synchronously.
   */
  default CompletableFuture<Void> send(String eventCode, String frame, long receivedAtMs) {
    try {
      publish(eventCode, frame, receivedAtMs);
      return CompletableFuture.completedFuture(null);
    } catch (PublishException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Null when the last publish worked (or none was tried yet), else what went wrong. */
  default String health() {
    return null;
  }

  /**
   * A frame that was not acknowledged: the caller may retry it. The message may be shown to HTTP
   * clients: no exception class names, no internals.
   */
  final class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean tooLarge;

    public PublishException(String message, Throwable cause) {
      this(message, cause, false);
    }

    public PublishException(String message, Throwable cause, boolean tooLarge) {
      super(message, cause);
      this.tooLarge = tooLarge;
    }

    /** True when Kafka refused the frame for its size (retrying will not help). */
    public boolean tooLarge() {
      return tooLarge;
    }
  }
}
