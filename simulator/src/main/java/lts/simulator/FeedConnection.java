package lts.simulator;

import java.util.List;

/**
 * The spectator's websocket: frames go to the {@link FrameSink} unless the connection is down
 * (they are lost, as during the mid-race reconnect); it counts what was sent, and it lets
 * through the junk an open port receives (HTTP probes).
 *
 * @param <X> what the sink throws
 */
final class FeedConnection<X extends Exception> {

  private final FrameSink<X> sink;
  private final RaceTimeline timeline;
  private final List<Truth.Hole> holes;
  private long frames;
  private long lines;
  private long lastFrameAt;
  private int junk;
  private int dropped;

  FeedConnection(FrameSink<X> sink, RaceTimeline timeline) {
    this(sink, timeline, List.of());
  }

  /** A connection that also loses the frames of each of {@code holes}. */
  FeedConnection(FrameSink<X> sink, RaceTimeline timeline, List<Truth.Hole> holes) {
    this.sink = sink;
    this.timeline = timeline;
    this.holes = List.copyOf(holes);
  }

  /** Whether a frame sent at {@code at} is lost. */
  boolean downAt(long at) {
    if (timeline.connectionDownAt(at)) {
      return true;
    }
    for (Truth.Hole h : holes) {
      if (h.covers(at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What was sent: frames (junk included), Apex lines, the last frame's time, junk frames and
   * frames lost while the connection was down.
   */
  record Counts(long frames, long lines, long lastFrameAt, int junk, int dropped) {
  }

  /** Sends an Apex frame of {@code \n}-separated lines (none empty). */
  void send(long at, String text) throws X {
    if (downAt(at)) {
      dropped++;
      return;
    }
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    frames++;
    lines += n;
    lastFrameAt = at;
    sink.frame(at, text);
  }

  /** Sends junk variant {@code variant}: an HTTP request or a scanner's banner. */
  void sendJunk(long at, int variant) throws X {
    String text = junkText(variant);
    if (downAt(at)) {
      dropped++;
      return;
    }
    junk++;
    frames++;
    lastFrameAt = at;
    sink.frame(at, text);
  }

  /** What a scanner sends: {@code MGLNDD_<ip>_8090} or a plain HTTP GET. */
  static String junkText(int variant) {
    String ip = (51 + variant % 100) + "." + (68 + variant % 7) + "." + (170 + variant % 50)
        + "." + (variant % 250 + 1);
    if (variant % 3 == 2) {
      return "MGLNDD_" + ip + "_8090";
    }
    return "GET / HTTP/1.1\r\nHost: " + ip + ":8090\r\nUser-Agent: "
        + (variant % 2 == 0 ? "Mozilla/5.0 zgrab/0.x" : "curl/7.64.1")
        + "\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n";
  }

  Counts counts() {
    return new Counts(frames, lines, lastFrameAt, junk, dropped);
  }
}
