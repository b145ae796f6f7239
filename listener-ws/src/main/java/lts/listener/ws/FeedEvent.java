package lts.listener.ws;

/** What a websocket connection to the feed delivers to its pump, one whole message at a time. */
sealed interface FeedEvent {

  /** A whole text message: one Apex frame (any text, even garbage: the parser judges). */
  record Frame(String text, long receivedAtMs) implements FeedEvent {
  }

  /** A whole binary message of {@code bytes} bytes: not an Apex frame. */
  record Binary(long bytes) implements FeedEvent {
  }

  /** A text message longer than the limit, not kept. */
  record TooLarge() implements FeedEvent {
  }

  /** The server closed the connection ({@code 1006}: lost without a close frame). */
  record Closed(int code, String reason) implements FeedEvent {
  }

  /** The connection failed. */
  record Failed(Throwable error) implements FeedEvent {
  }

  /** The listener is stopping. */
  record Stop() implements FeedEvent {
  }
}
