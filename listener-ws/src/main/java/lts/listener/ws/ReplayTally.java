package lts.listener.ws;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the replay server counts across its clients (frames sent, whole passes) and the progress
 * it reports from them: the rate since the previous report and the most advanced client's place
 * in the recording.
 */
final class ReplayTally {

  private final long firstFrameAt;
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private long lastTickFrames;
  private long lastTickNs;

  /**
   * @param firstFrameAt recorded time of the recording's first frame, -1 when it has none
   * @param startNs when the counting starts, on the {@link System#nanoTime()} scale
   */
  ReplayTally(long firstFrameAt, long startNs) {
    this.firstFrameAt = firstFrameAt;
    this.lastTickNs = startNs;
  }

  void frameSent() {
    framesSent.incrementAndGet();
  }

  void passFinished() {
    finished.incrementAndGet();
  }

  long framesSent() {
    return framesSent.get();
  }

  long finished() {
    return finished.get();
  }

  /**
   * Progress at {@code nowNs}; the rate is over the time since the previous call.
   *
   * @param clients clients connected now
   * @param lastFrameAts recorded time of each client's last frame, -1 for none yet
   */
  ReplayServer.Progress progress(long nowNs, int clients, long[] lastFrameAts) {
    long sent = framesSent.get();
    double rate;
    synchronized (this) {
      double seconds = (nowNs - lastTickNs) / 1e9;
      rate = seconds > 0 ? (sent - lastTickFrames) / seconds : 0;
      lastTickNs = nowNs;
      lastTickFrames = sent;
    }
    long race = -1;
    Instant at = null;
    for (long frameAt : lastFrameAts) {
      if (frameAt >= 0 && frameAt - firstFrameAt > race) {
        race = frameAt - firstFrameAt;
        at = Instant.ofEpochMilli(frameAt);
      }
    }
    return new ReplayServer.Progress(clients, sent, rate, race, at, finished.get());
  }
}
