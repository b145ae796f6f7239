package lts.contracts;

/**
 * How large a frame of the feed may be, at each door it comes through. One place, so that a
 * listener never accepts a frame that a later stage must refuse.
 */
public final class FrameLimits {

  /** The longest websocket text frame a listener keeps (characters); longer ones are counted and skipped. */
  public static final int WEBSOCKET_FRAME_CHARS = 16 << 20;

  /** The largest body a poll of {@code rest-listener} reads (bytes). */
  public static final int POLLED_BODY_BYTES = 16 << 20;

  /** The largest frame {@code POST /messages} of {@code rest-listener} accepts (bytes). */
  public static final int INGEST_BODY_BYTES = 1 << 20;

  /** The largest request body of the api (settings, label overrides: small JSON). */
  public static final int API_BODY_BYTES = 64 << 10;

  private FrameLimits() {
  }
}
