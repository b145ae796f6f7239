package lts.listener.ws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A websocket server written by hand that accepts the handshake, sends one text frame and then
 * says nothing more, not even a pong: a connection that looks alive but is dead.
 */
final class SilentWebSocketServer implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final String greeting;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();

  SilentWebSocketServer(String greeting) throws IOException {
    this.greeting = greeting;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "silent-ws-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int pingsReceived() {
    return pings.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Thread t = new Thread(() -> serve(socket), "silent-ws-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
      String key = null;
      String line;
      while ((line = reader.readLine()) != null && !line.isEmpty()) {
        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] payload = greeting.getBytes(StandardCharsets.UTF_8);
      out.write(new byte[] {(byte) 0x81, (byte) payload.length});
      out.write(payload);
      out.flush();
      // read client frames (masked), never answer: count the pings
      while (true) {
        int b0 = reader.read();
        int b1 = reader.read();
        if (b0 < 0 || b1 < 0) {
          return;
        }
        if ((b0 & 0x0f) == 0x9) {
          pings.incrementAndGet();
        }
        int length = b1 & 0x7f;
        for (int i = 0; i < length + 4; i++) { // mask key and payload (short frames only)
          if (reader.read() < 0) {
            return;
          }
        }
      }
    } catch (Exception e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
