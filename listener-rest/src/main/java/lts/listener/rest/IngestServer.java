package lts.listener.rest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import lts.contracts.EventCode;
import lts.kafka.FramePublisher;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest mode's HTTP server: {@code POST /messages?event_code=CODE} with one frame as a
 * {@code text/plain} body and {@code Authorization: Bearer TOKEN} publishes the frame and answers
 * 202 {@code {"status":"accepted"}} once Kafka acknowledged it; {@code GET /health}.
 *
 * <p>Errors are JSON {@code {"error","message"}} without stack traces: 401 (no or wrong token),
 * 413 (body over the limit; up to {@link #MAX_SWALLOW_BYTES} of it is read first, so that a
 * client still sending gets the answer rather than a reset, unless it sent {@code Expect:
 * 100-continue}), 400 (empty body, missing or invalid event code, not UTF-8), 404 (other paths;
 * an event code other than the configured one), 405 (wrong method), 415 (not
 * {@code text/plain}), 503 (Kafka did not acknowledge in time). Every response carries
 * {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}; no CORS headers.
 */
public final class IngestServer implements AutoCloseable {

  /** The largest frame accepted: 1 MiB. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * How much of a body over the limit is read at most (the rest of it thrown away) before the 413,
   * as Tomcat's {@code maxSwallowSize} does. A client that is still sending when the server closes would
   * otherwise get a connection reset instead of the answer; a larger body is cut off.
   */
  static final long MAX_SWALLOW_BYTES = 4L << 20;

  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  private static final String JSON = "application/json";

  /**
   * How the server is set up.
   *
   * @param host the address to bind, null for all
   * @param port the port, 0 for any free one
   * @param token the bearer token clients must send (not blank)
   * @param eventCode the only event code accepted, or null for any valid one
   * @param maxBodyBytes the largest body accepted
   */
  public record Settings(String host, int port, String token, String eventCode, int maxBodyBytes) {

    public Settings {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("the ingest mode needs a token");
      }
      if (eventCode != null && !EventCode.isValid(eventCode)) {
        throw new IllegalArgumentException(EventCode.problem(eventCode));
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("invalid port: " + port);
      }
    }

    /** All addresses, any valid event code, 1 MiB bodies. */
    public static Settings of(int port, String token) {
      return new Settings(null, port, token, null, MAX_BODY_BYTES);
    }

    public Settings withEventCode(String code) {
      return new Settings(host, port, token, code, maxBodyBytes);
    }

    public Settings withMaxBodyBytes(int max) {
      return new Settings(host, port, token, eventCode, max);
    }
  }

  private final Settings settings;
  private final FramePublisher publisher;
  private final MeterRegistry registry;
  private final byte[] tokenDigest;
  private final Javalin app;

  private IngestServer(Settings settings, FramePublisher publisher, MeterRegistry registry) {
    this.settings = settings;
    this.publisher = publisher;
    this.registry = registry;
    this.tokenDigest = sha256(settings.token());
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.http.defaultContentType = JSON;
      config.jetty.host = settings.host();
      config.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
      });
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.routes.before(IngestServer::secureHeaders);
      config.routes.get("/health", this::health);
      config.routes.post("/messages", this::ingest);
      config.routes.exception(HttpResponseException.class, (e, ctx) -> {
        int status = e.getStatus();
        if (status == 405) {
          ctx.header("Allow", ctx.path().startsWith("/health") ? "GET, HEAD" : "POST");
        }
        reject(ctx, status, codeOf(status), messageOf(status, ctx));
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        reject(ctx, 500, "internal_error", "the request could not be handled");
      });
    });
  }

  /** Starts serving. */
  public static IngestServer start(Settings settings, FramePublisher publisher, MeterRegistry registry) {
    IngestServer server = new IngestServer(Objects.requireNonNull(settings),
        Objects.requireNonNull(publisher), Objects.requireNonNull(registry));
    server.app.start(settings.port());
    log.info("rest-listener accepting frames on port {} (POST /messages?event_code=CODE{})",
        server.port(), settings.eventCode() == null ? "" : ", event " + settings.eventCode());
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    return publisher.health();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void secureHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
  }

  private void health(Context ctx) {
    String problem = health();
    if (problem == null) {
      ctx.status(200).contentType(JSON).result("{\"status\":\"UP\"}");
    } else {
      ctx.status(503).contentType(JSON)
          .result("{\"status\":\"DOWN\",\"reason\":" + Json.quote(problem) + "}");
    }
  }

  private void ingest(Context ctx) throws IOException {
    long receivedAt = System.currentTimeMillis();
    if (!authorized(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"lts\"");
      reject(ctx, 401, "unauthorized", "send the token as 'Authorization: Bearer TOKEN'");
      return;
    }
    String contentTypeProblem = contentTypeProblem(ctx.contentType());
    if (contentTypeProblem != null) {
      reject(ctx, 415, "unsupported_media_type", contentTypeProblem);
      return;
    }
    long length = ctx.req().getContentLengthLong();
    if (length > settings.maxBodyBytes()) {
      tooLarge(ctx, 0);
      return;
    }
    List<String> codes = ctx.queryParams("event_code");
    if (codes.isEmpty() || codes.get(0).isEmpty()) {
      reject(ctx, 400, "bad_request", "missing query parameter event_code");
      return;
    }
    if (codes.size() > 1) {
      reject(ctx, 400, "bad_request", "give event_code once");
      return;
    }
    String eventCode = codes.get(0);
    if (!EventCode.isValid(eventCode)) {
      reject(ctx, 400, "bad_request", EventCode.problem(eventCode));
      return;
    }
    if (settings.eventCode() != null && !settings.eventCode().equals(eventCode)) {
      reject(ctx, 404, "unknown_event", "this listener only takes event " + settings.eventCode());
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    long read = copyAtMost(ctx.req().getInputStream(), body, settings.maxBodyBytes());
    if (read > settings.maxBodyBytes()) {
      tooLarge(ctx, read);
      return;
    }
    String frame;
    try {
      frame = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      reject(ctx, 400, "bad_request", "the body is not valid UTF-8");
      return;
    }
    if (frame.isBlank()) {
      reject(ctx, 400, "bad_request", "empty body: send one frame");
      return;
    }
    try {
      publisher.publish(eventCode, frame, receivedAt);
    } catch (FramePublisher.PublishException e) {
      registry.counter("lts.rest_listener.publish.failures", "mode", "ingest").increment();
      if (e.tooLarge()) {
        reject(ctx, 413, "payload_too_large", "Kafka refused the frame as too large");
        return;
      }
      ctx.header("Retry-After", "5");
      reject(ctx, 503, "kafka_unavailable", e.getMessage()
          + "; it is not known to be stored: retry later");
      return;
    }
    registry.counter("lts.rest_listener.frames.published", "mode", "ingest").increment();
    ctx.status(202).contentType(JSON).result("{\"status\":\"accepted\"}");
  }

  /** 413 for a body over the limit, of which {@code read} bytes were read already. */
  private void tooLarge(Context ctx, long read) throws IOException {
    // a client waiting for 100 Continue has sent nothing, unless the reading asked for the body
    boolean bodyOnItsWay = read > 0 || !"100-continue".equalsIgnoreCase(ctx.header("Expect"));
    if (bodyOnItsWay && ctx.req().getContentLengthLong() <= MAX_SWALLOW_BYTES) {
      copyAtMost(ctx.req().getInputStream(), OutputStream.nullOutputStream(),
          MAX_SWALLOW_BYTES - read);
    }
    ctx.header("Connection", "close");
    reject(ctx, 413, "payload_too_large", "a frame is at most " + settings.maxBodyBytes() + " bytes");
  }

  private void reject(Context ctx, int status, String code, String message) {
    registry.counter("lts.rest_listener.requests.rejected", "status", String.valueOf(status))
        .increment();
    log.debug("{} {} -> {} {}", ctx.method(), ctx.path(), status, message);
    secureHeaders(ctx);
    if (ctx.req().getContentLengthLong() != 0) {
      // a refused request's body may be left unread: Jetty then drops the connection, and a
      // client told nothing would send its next request on it ("received no bytes")
      ctx.header("Connection", "close");
    }
    ctx.status(status).contentType(JSON).result(Json.error(code, message));
  }

  /** Constant-time comparison of the bearer token (digests of equal length). */
  boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String value = header.trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      return false;
    }
    String presented = value.substring(space + 1).trim();
    return MessageDigest.isEqual(tokenDigest, sha256(presented));
  }

  /** Null for {@code text/plain} in UTF-8 (or US-ASCII, or no charset), else why not. */
  static String contentTypeProblem(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "send the frame as Content-Type: text/plain";
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("text/plain")) {
      return "send the frame as Content-Type: text/plain, not " + parts[0].trim();
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String charset = kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
          return "the frame must be UTF-8, not " + charset;
        }
      }
    }
    return null;
  }

  /**
   * Copies {@code in} to {@code out} until its end or until more than {@code max} bytes came; the
   * bytes read (over {@code max}: cut short).
   */
  static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while (total <= max && (n = in.read(buffer)) >= 0) {
      total += n;
      out.write(buffer, 0, n);
    }
    return total;
  }

  private static String codeOf(int status) {
    switch (status) {
      case 400:
        return "bad_request";
      case 401:
        return "unauthorized";
      case 404:
        return "not_found";
      case 405:
        return "method_not_allowed";
      case 413:
        return "payload_too_large";
      case 415:
        return "unsupported_media_type";
      case 503:
        return "unavailable";
      default:
        return status >= 500 ? "internal_error" : "http_" + status;
    }
  }

  private static String messageOf(int status, Context ctx) {
    switch (status) {
      case 404:
        return "no such path: try POST /messages?event_code=CODE or GET /health";
      case 405:
        return ctx.method() + " is not allowed here: POST /messages, GET /health";
      default:
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "HTTP " + status : reason;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  /** Jetty's own errors (bad request lines, oversized headers): JSON, no stack traces. */
  static final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
      setShowStacks(false);
      setShowCauses(false);
      setShowOrigin(false);
      setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message,
        Throwable cause, Callback callback) throws IOException {
      HttpFields.Mutable headers = response.getHeaders();
      // Jetty may drop the connection of a request it refused itself (an ambiguous path): say so,
      // or a client sends its next request on it and reads nothing ("received no bytes")
      headers.put(HttpHeader.CONNECTION, "close");
      headers.put(HttpHeader.CONTENT_TYPE, JSON);
      headers.put("X-Content-Type-Options", "nosniff");
      headers.put(HttpHeader.CACHE_CONTROL, "no-store");
      String reason = HttpStatus.getMessage(code);
      byte[] body = Json.error(code >= 500 ? "internal_error" : "http_" + code,
          reason == null ? "HTTP " + code : reason).getBytes(StandardCharsets.UTF_8);
      response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONNECTION, "close");
      fields.put(HttpHeader.CONTENT_TYPE, JSON);
      fields.put("X-Content-Type-Options", "nosniff");
      fields.put(HttpHeader.CACHE_CONTROL, "no-store");
      String text = HttpStatus.getMessage(status);
      return ByteBuffer.wrap(Json.error("bad_request", text == null ? "bad request" : text)
          .getBytes(StandardCharsets.UTF_8));
    }
  }
}
