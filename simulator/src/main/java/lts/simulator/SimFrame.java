package lts.simulator;

import java.util.Objects;

/**
 * One frame of a simulated feed.
 *
 * @param atEpochMs when it is received, epoch milliseconds
 * @param text the websocket text frame
 */
public record SimFrame(long atEpochMs, String text) {

  /** Checks the text is present. */
  public SimFrame {
    Objects.requireNonNull(text, "text");
  }
}
