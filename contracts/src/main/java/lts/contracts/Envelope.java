package lts.contracts;

import java.util.Objects;

/**
 * A message of the {@code raw-messages} topic and a line of an LTS recording: one websocket frame
 * with where it came from. See docs/Messages.md.
 *
 * @param eventCode the feed
 * @param data the frame exactly as received
 * @param source who wrote it ({@code ws-listener}, {@code rest-listener}, {@code parser}, …)
 * @param createdAt when the frame was received, epoch ms
 * @param updatedAt when the envelope was last written, epoch ms
 * @param errorDescription on {@code raw-messages-errors}: what went wrong; else null
 * @param errorTrace on {@code raw-messages-errors}: where (event id, stack); else null
 */
public record Envelope(String eventCode, String data, String source, long createdAt,
    long updatedAt, String errorDescription, String errorTrace) {

  public Envelope {
    Objects.requireNonNull(eventCode, "eventCode");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(source, "source");
  }

  /** A frame just received. */
  public static Envelope of(String eventCode, String data, String source, long at) {
    return new Envelope(eventCode, data, source, at, at, null, null);
  }

  /** The same envelope marked as an error, for {@code raw-messages-errors}. */
  public Envelope withError(String description, String trace, String source, long now) {
    return new Envelope(eventCode, data, source, createdAt, now, description, trace);
  }
}
