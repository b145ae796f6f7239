package lts.listener.ws;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

/**
 * Receives from the JDK websocket (on its threads) and queues whole messages as
 * {@link FeedEvent}s: the fragments of a text message are joined into one frame, one longer than
 * the limit is dropped as {@link FeedEvent.TooLarge}, binary messages are counted in bytes. Only
 * the fragments of a message are requested here; the next message is requested by the pump once
 * a frame is with the producer (backpressure). Every message, ping and pong counts as heard.
 */
final class FeedSession implements WebSocket.Listener {

  private final BlockingQueue<FeedEvent> events;
  private final int maxChars;
  private final StringBuilder text = new StringBuilder();
  private boolean textTooLong;
  private long binaryBytes;
  private volatile long lastHeardNs = System.nanoTime();

  FeedSession(BlockingQueue<FeedEvent> events, int maxChars) {
    this.events = events;
    this.maxChars = maxChars;
  }

  /** When anything last came from the server ({@link System#nanoTime()}). */
  long lastHeardNs() {
    return lastHeardNs;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    lastHeardNs = System.nanoTime();
    if (!textTooLong) {
      if (text.length() + data.length() > maxChars) {
        textTooLong = true;
        text.setLength(0);
        text.trimToSize();
      } else {
        text.append(data);
      }
    }
    if (!last) {
      webSocket.request(1); // the rest of this frame
      return null;
    }
    if (textTooLong) {
      events.add(new FeedEvent.TooLarge());
    } else {
      events.add(new FeedEvent.Frame(text.toString(), System.currentTimeMillis()));
    }
    textTooLong = false;
    text.setLength(0);
    if (text.capacity() > 1 << 20) {
      text.trimToSize();
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    lastHeardNs = System.nanoTime();
    binaryBytes += data.remaining();
    if (!last) {
      webSocket.request(1);
      return null;
    }
    events.add(new FeedEvent.Binary(binaryBytes));
    binaryBytes = 0;
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    lastHeardNs = System.nanoTime();
    webSocket.request(1); // the JDK answers with a pong by itself
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    lastHeardNs = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    events.add(new FeedEvent.Closed(statusCode, reason == null ? "" : reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    events.add(new FeedEvent.Failed(error));
  }
}
