package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import lts.testkit.Await;
import org.junit.jupiter.api.Test;

class FeedSessionTest {

  /** Counts what the session asks of the socket; sends nothing. */
  static final class CountingSocket implements WebSocket {
    long requested;

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public String getSubprotocol() {
      return "";
    }

    @Override
    public boolean isOutputClosed() {
      return false;
    }

    @Override
    public boolean isInputClosed() {
      return false;
    }

    @Override
    public void abort() {
    }
  }

  private final LinkedBlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
  private final CountingSocket socket = new CountingSocket();

  private List<FeedEvent> drained() {
    List<FeedEvent> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }

  @Test
  void theFragmentsOfATextMessageBecomeOneFrameAndOnlyTheFragmentsAreRequested() {
    FeedSession session = new FeedSession(events, 100);
    session.onText(socket, "title1||first part, ", false);
    session.onText(socket, "second part, ", false);
    session.onText(socket, "last part", true);

    List<FeedEvent> got = drained();
    assertThat(got).hasSize(1);
    assertThat(((FeedEvent.Frame) got.get(0)).text())
        .isEqualTo("title1||first part, second part, last part");
    assertThat(socket.requested).as("the next message is the pump's to request").isEqualTo(2);
  }

  @Test
  void aTextMessageLongerThanTheLimitIsDroppedAndTheNextOneIsKept() {
    FeedSession session = new FeedSession(events, 10);
    session.onText(socket, "0123456", false);
    session.onText(socket, "789ab", true);
    session.onText(socket, "r1|in|1", true);

    List<FeedEvent> got = drained();
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isInstanceOf(FeedEvent.TooLarge.class);
    assertThat(got.get(1)).isInstanceOfSatisfying(FeedEvent.Frame.class,
        f -> assertThat(f.text()).isEqualTo("r1|in|1"));
  }

  @Test
  void aBinaryMessageIsReportedWithItsSizeAcrossFragments() {
    FeedSession session = new FeedSession(events, 100);
    session.onBinary(socket, ByteBuffer.wrap(new byte[] {1, 2}), false);
    session.onBinary(socket, ByteBuffer.wrap(new byte[] {3}), true);

    assertThat(drained()).containsExactly(new FeedEvent.Binary(3));
  }

  @Test
  void aCloseAndAnErrorAreReportedAsTheyCame() {
    FeedSession session = new FeedSession(events, 100);
    IllegalStateException error = new IllegalStateException("reset");
    session.onClose(socket, 1001, null);
    session.onError(socket, error);

    assertThat(drained()).containsExactly(new FeedEvent.Closed(1001, ""),
        new FeedEvent.Failed(error));
  }

  @Test
  void aPongCountsAsHeardAndAsksForTheNextMessage() throws InterruptedException {
    FeedSession session = new FeedSession(events, 100);
    long before = session.lastHeardNs();
    Await.until(Duration.ofSeconds(1), () -> System.nanoTime() > before,
        () -> "the clock did not move past " + before);
    session.onPong(socket, ByteBuffer.allocate(0));

    assertThat(session.lastHeardNs()).isGreaterThan(before);
    assertThat(socket.requested).isEqualTo(1);
    assertThat(drained()).isEmpty();
  }
}
