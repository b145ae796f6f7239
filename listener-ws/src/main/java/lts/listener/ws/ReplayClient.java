package lts.listener.ws;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connected to a {@link ReplayServer}: its own reader, thread and pace, one text
 * message per frame, each sent once the previous one is written (the client's pace).
 */
final class ReplayClient {

  /** The server's logger: the log lines are the server's, as they were before the split. */
  private static final Logger log = LoggerFactory.getLogger(ReplayServer.class);

  final int number;
  final Session session;
  final Object remote;
  final Thread thread;
  private final Path recording;
  private final ReplayServer.Options options;
  private final ReplayTally tally;
  private final BooleanSupplier serverClosed;
  private volatile boolean gone;
  private volatile long lastFrameAt = -1;
  private long sent;
  private long passes;

  ReplayClient(int number, Session session, Object remote, Path recording,
      ReplayServer.Options options, ReplayTally tally, BooleanSupplier serverClosed) {
    this.number = number;
    this.session = session;
    this.remote = remote;
    this.recording = recording;
    this.options = options;
    this.tally = tally;
    this.serverClosed = serverClosed;
    this.thread = new Thread(this::play, "replay-client-" + number);
    this.thread.setDaemon(true);
  }

  /** Recorded time of the last frame sent, -1 before the first. */
  long lastFrameAt() {
    return lastFrameAt;
  }

  /** Frames sent to this client. */
  long sent() {
    return sent;
  }

  /** The client went away: stops its replay. */
  void gone() {
    gone = true;
    thread.interrupt();
  }

  private boolean stopped() {
    return gone || serverClosed.getAsBoolean();
  }

  private void play() {
    try {
      do {
        playOnce();
        if (!stopped()) {
          passes++;
          tally.passFinished();
          String message = "client {}: whole recording sent ({} frames so far){}";
          if (passes == 1) {
            log.info(message, number, sent, options.loop() ? ", starting again (in a loop)" : "");
          } else {
            log.debug(message, number, sent, ", starting again");
          }
        }
      } while (options.loop() && !stopped());
    } catch (InterruptedException e) {
      // closed or gone
    } catch (IOException | RuntimeException e) {
      if (!stopped()) {
        log.warn("client {}: replay stopped: {}", number, e.toString());
        session.close(1011, "replay failed", Callback.NOOP);
      }
    }
  }

  private void playOnce() throws IOException, InterruptedException {
    try (RecordingReader reader = RecordingReader.open(recording)) {
      RecordingPace pace = new RecordingPace(options.speed(), System.nanoTime());
      while (!stopped() && reader.hasNext()) {
        RecordedFrame frame = reader.next();
        if (options.speed() != ReplayServer.MAX_SPEED) {
          RecordingPace.Due due = pace.next(frame.at());
          if (due.longGap()) {
            log.info("client {}: recording has a {} s gap here: waiting {} s", number,
                due.gapMs() / 1000, ReplayServer.trim(pace.replayedSeconds(due.gapMs())));
          }
          long waitNs = due.dueNs() - System.nanoTime();
          if (waitNs > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNs);
          }
        }
        send(frame.text());
        lastFrameAt = frame.at();
        sent++;
        tally.frameSent();
      }
    }
  }

  /** Sends one text message and waits until it is written (the client's pace). */
  private void send(String text) throws InterruptedException, IOException {
    Callback.Completable written = new Callback.Completable();
    session.sendText(text, written);
    try {
      written.get();
    } catch (ExecutionException e) {
      gone = true;
      throw new IOException("client " + number + " cannot be written to: " + e.getCause(), e);
    }
  }
}
