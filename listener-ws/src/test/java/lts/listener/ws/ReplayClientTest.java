package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayClientTest {

  /** A session that takes every text at once and remembers it. */
  private static Session recordingSession(List<String> texts) {
    return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
        new Class<?>[] {Session.class}, (proxy, method, args) -> {
          if (method.getName().equals("sendText")) {
            texts.add((String) args[0]);
            ((Callback) args[1]).succeed();
          }
          return null;
        });
  }

  @Test
  void aClientGetsTheWholeRecordingOnceAndTheTallyCountsIt(@TempDir Path dir) throws Exception {
    Path recording = TestSupport.numberedRecording(dir, "r.ndjson", 5, 1_000);
    List<String> texts = new CopyOnWriteArrayList<>();
    ReplayTally tally = new ReplayTally(-1, System.nanoTime());
    ReplayClient client = new ReplayClient(1, recordingSession(texts), "test", recording,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), tally, () -> false);
    client.thread.start();
    client.thread.join(10_000);
    assertThat(client.thread.isAlive()).isFalse();
    assertThat(texts).extracting(TestSupport::seq).containsExactly(0, 1, 2, 3, 4);
    assertThat(client.sent()).isEqualTo(5);
    assertThat(client.lastFrameAt()).isEqualTo(1_782_593_801_798L + 4_000);
    assertThat(tally.framesSent()).isEqualTo(5);
    assertThat(tally.finished()).isEqualTo(1);
  }

  @Test
  void aClosedServerSendsNothing(@TempDir Path dir) throws Exception {
    Path recording = TestSupport.numberedRecording(dir, "r.ndjson", 5, 1_000);
    List<String> texts = new CopyOnWriteArrayList<>();
    ReplayTally tally = new ReplayTally(-1, System.nanoTime());
    ReplayClient client = new ReplayClient(1, recordingSession(texts), "test", recording,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), tally, () -> true);
    client.thread.start();
    client.thread.join(10_000);
    assertThat(texts).isEmpty();
    assertThat(tally.finished()).isZero();
  }
}
