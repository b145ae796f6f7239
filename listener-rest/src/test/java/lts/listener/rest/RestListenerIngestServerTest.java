package lts.listener.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import lts.kafka.FramePublisher;
import lts.kafka.KafkaFramePublisher;
import lts.kafka.broker.EmbeddedKafka;
import lts.contracts.Topics;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest mode's HTTP surface against a real Kafka broker and the real server on a free port:
 * the happy path, and a negative test per route (401, 413, 400, 415, 404, 405, 503).
 */
class RestListenerIngestServerTest {

  private static final String TOKEN = "s3cret-token";
  private static final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static EmbeddedKafka kafka;
  private static KafkaFramePublisher publisher;
  private static IngestServer server;
  private static final EnvelopeCodec codec = new EnvelopeCodec();

  @BeforeAll
  static void start() throws IOException {
    kafka = TestBroker.shared(2, Topics.ALL);
    publisher = RestListener.publisher(kafka.bootstrapServers(),
        Topics.RAW_MESSAGES, Duration.ofSeconds(15));
    server = IngestServer.start(IngestServer.Settings.of(0, TOKEN), publisher,
        new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (publisher != null) {
      publisher.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static HttpResponse<String> call(IngestServer to, String method, String pathAndQuery,
      Map<String, String> headers, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + to.port() + pathAndQuery)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String pathAndQuery, Map<String, String> headers,
      String body) throws Exception {
    return call(server, "POST", pathAndQuery, headers,
        HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private static Map<String, String> good() {
    return Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "text/plain; charset=utf-8");
  }

  private static Map<String, String> with(String header, String value) {
    Map<String, String> h = new java.util.HashMap<>(good());
    h.put(header, value);
    return h;
  }

  /** What every answer, good or bad, must look like. */
  private static void assertSafe(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("X-Content-Type-Options")).as("nosniff on %s", r)
        .hasValue("nosniff");
    assertThat(r.headers().firstValue("Cache-Control")).as("no-store on %s", r).hasValue("no-store");
    assertThat(r.headers().map().keySet()).as("no CORS headers on %s", r)
        .noneMatch(k -> k.toLowerCase().startsWith("access-control-"));
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ")
        .doesNotContain("at lts.").doesNotContain("at io.javalin").doesNotContain("<html");
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertSafe(r);
    assertThat(r.body()).startsWith("{\"error\":\"" + code + "\",\"message\":\"");
  }

  /** Sends a good frame under {@code marker} and reads raw-messages until it is there. */
  private static List<ConsumerRecord<String, byte[]>> allRecordsUpTo(String marker) throws Exception {
    HttpResponse<String> r = post("/messages?event_code=" + marker, good(), "marker");
    assertThat(r.statusCode()).isEqualTo(202);
    return TestBroker.readUntil(kafka, Topics.RAW_MESSAGES,
        records -> records.stream().anyMatch(rec -> marker.equals(rec.key())));
  }

  private static void assertNothingPublishedFor(String eventCode, String marker) throws Exception {
    List<ConsumerRecord<String, byte[]>> records = allRecordsUpTo(marker);
    assertThat(records).anyMatch(rec -> marker.equals(rec.key()));
    assertThat(records).noneMatch(rec -> eventCode.equals(rec.key()));
  }

  // ---------------------------------------------------------------- happy path

  @Test
  void aGoodFrameIsOnTheTopicKeyedByEventCodeInAnEnvelope() throws Exception {
    String frame = "r22773c6|in|288\nr22773c7|tn|1:06.213\ntitle2||CARRERA Ñ";
    long before = System.currentTimeMillis();
    HttpResponse<String> r = post("/messages?event_code=santos", good(), frame);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"status\":\"accepted\"}");
    assertSafe(r);

    List<ConsumerRecord<String, byte[]>> records = TestBroker.readUntil(
        kafka, Topics.RAW_MESSAGES, rs -> rs.stream().anyMatch(rec -> "santos".equals(rec.key())));
    List<ConsumerRecord<String, byte[]>> santos = records.stream()
        .filter(rec -> "santos".equals(rec.key())).collect(Collectors.toList());
    assertThat(santos).hasSize(1);
    Envelope e = codec.decode(santos.get(0).value());
    assertThat(e.eventCode()).isEqualTo("santos");
    assertThat(e.data()).isEqualTo(frame);
    assertThat(e.source()).isEqualTo("rest-listener");
    assertThat(e.createdAt()).isBetween(before, System.currentTimeMillis());
    assertThat(e.updatedAt()).isEqualTo(e.createdAt());
    assertThat(e.errorDescription()).isNull();
  }

  @Test
  void frameOfExactlyOneMebibyteIsAccepted() throws Exception {
    char[] big = new char[IngestServer.MAX_BODY_BYTES];
    Arrays.fill(big, 'x');
    HttpResponse<String> r = post("/messages?event_code=big-one", good(), new String(big));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> r = call(server, "GET", "/health", Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
    assertSafe(r);
  }

  // ---------------------------------------------------------------- 401

  @Test
  void withoutOrWithAWrongTokenIs401AndNothingIsPublished() throws Exception {
    Map<String, String> noAuth = Map.of("Content-Type", "text/plain");
    List<HttpResponse<String>> answers = List.of(
        post("/messages?event_code=no-auth", noAuth, "r1|in|1"),
        post("/messages?event_code=no-auth", with("Authorization", "Bearer wrong"), "r1|in|1"),
        post("/messages?event_code=no-auth", with("Authorization", "Bearer " + TOKEN + "x"), "r1|in|1"),
        post("/messages?event_code=no-auth", with("Authorization", "Bearer"), "r1|in|1"),
        post("/messages?event_code=no-auth", with("Authorization", TOKEN), "r1|in|1"),
        post("/messages?event_code=no-auth", with("Authorization", "Basic " + TOKEN), "r1|in|1"),
        // even a bad body gets 401 first: nothing is said to a caller without the token
        post("/messages", noAuth, ""));
    for (HttpResponse<String> r : answers) {
      assertError(r, 401, "unauthorized");
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"lts\"");
      assertThat(r.body()).doesNotContain(TOKEN);
    }
    assertNothingPublishedFor("no-auth", "marker-401");
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    HttpResponse<String> r = post("/messages?event_code=scheme",
        with("Authorization", "bearer " + TOKEN), "r1|in|1");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  // ---------------------------------------------------------------- 413

  @Test
  void overOneMebibyteIs413WithOrWithoutContentLength() throws Exception {
    byte[] big = new byte[IngestServer.MAX_BODY_BYTES + 1];
    Arrays.fill(big, (byte) 'x');
    HttpResponse<String> withLength = call(server, "POST", "/messages?event_code=too-big", good(),
        HttpRequest.BodyPublishers.ofByteArray(big));
    assertError(withLength, 413, "payload_too_large");
    // chunked: no Content-Length, the server counts while reading
    HttpResponse<String> chunked = call(server, "POST", "/messages?event_code=too-big", good(),
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertError(chunked, 413, "payload_too_large");
    assertNothingPublishedFor("too-big", "marker-413");
  }

  @Test
  void overOneMebibyteWithExpectContinueIs413WithoutAskingForTheBody() throws Exception {
    // java.net.http on Java 17 hangs on a final answer to Expect: 100-continue: a raw socket
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /messages?event_code=too-big HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: text/plain\r\n"
          + "Content-Length: " + (IngestServer.MAX_BODY_BYTES + 1) + "\r\n"
          + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).as("the first answer is final, no 100 Continue").startsWith("HTTP/1.1 413");
      assertThat(answer).contains("{\"error\":\"payload_too_large\"");
    }
  }

  @Test
  void aFrameTooLargeForKafkaOnceInItsEnvelopeIs413() throws Exception {
    char[] control = new char[IngestServer.MAX_BODY_BYTES];
    Arrays.fill(control, '\u0001'); // 1 MiB of text, 6 MiB once JSON-escaped in the envelope
    HttpResponse<String> r = post("/messages?event_code=escaped", good(), new String(control));
    assertError(r, 413, "payload_too_large");
    assertThat(r.body()).contains("Kafka");
    assertThat(call(server, "GET", "/health", Map.of(), null).statusCode()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- 400

  @Test
  void emptyBodyOrMissingOrInvalidEventCodeIs400() throws Exception {
    String tooLong = "a".repeat(65);
    List<HttpResponse<String>> answers = List.of(
        post("/messages?event_code=bad-400", good(), ""),
        post("/messages?event_code=bad-400", good(), " \n\t "),
        post("/messages", good(), "r1|in|1"),
        post("/messages?event_code=", good(), "r1|in|1"),
        post("/messages?event_code=Santos", good(), "r1|in|1"),
        post("/messages?event_code=a%2Fb", good(), "r1|in|1"),
        post("/messages?event_code=a%20b", good(), "r1|in|1"),
        post("/messages?event_code=%00", good(), "r1|in|1"),
        post("/messages?event_code=" + tooLong, good(), "r1|in|1"),
        post("/messages?event_code=bad-400&event_code=other", good(), "r1|in|1"),
        call(server, "POST", "/messages?event_code=bad-400", good(),
            HttpRequest.BodyPublishers.ofByteArray(new byte[] {'r', '1', (byte) 0xC3, (byte) 0x28})));
    for (HttpResponse<String> r : answers) {
      assertError(r, 400, "bad_request");
    }
    assertThat(post("/messages?event_code=" + "a".repeat(64), good(), "r1|in|1").statusCode())
        .isEqualTo(202);
    assertNothingPublishedFor("bad-400", "marker-400");
  }

  // ---------------------------------------------------------------- 415

  @Test
  void aContentTypeOtherThanTextPlainIs415() throws Exception {
    List<HttpResponse<String>> answers = List.of(
        post("/messages?event_code=bad-415", with("Content-Type", "application/json"), "{}"),
        post("/messages?event_code=bad-415", with("Content-Type", "text/html"), "r1|in|1"),
        post("/messages?event_code=bad-415",
            with("Content-Type", "application/x-www-form-urlencoded"), "a=b"),
        post("/messages?event_code=bad-415", with("Content-Type", "text/plain; charset=iso-8859-1"),
            "r1|in|1"),
        post("/messages?event_code=bad-415",
            Map.of("Authorization", "Bearer " + TOKEN), "r1|in|1"));
    for (HttpResponse<String> r : answers) {
      assertError(r, 415, "unsupported_media_type");
    }
    assertThat(post("/messages?event_code=ok-415", with("Content-Type", "TEXT/PLAIN"), "r1|in|1")
        .statusCode()).isEqualTo(202);
    assertNothingPublishedFor("bad-415", "marker-415");
  }

  // ---------------------------------------------------------------- 404

  @Test
  void otherPathsAre404() throws Exception {
    for (String path : List.of("/", "/nope", "/messages/santos", "/health/x", "/messages.json",
        "/../etc/passwd", "/%2e%2e/secret")) {
      HttpResponse<String> r = call(server, "GET", path, good(), null);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(400, 404);
      assertSafe(r);
    }
    assertError(post("/message?event_code=santos", good(), "r1|in|1"), 404, "not_found");
    assertError(post("/api/messages?event_code=santos", good(), "r1|in|1"), 404, "not_found");
  }

  @Test
  void aRequestJettyRefusesItselfClosesItsConnectionAndSaysSo() throws Exception {
    // a client told nothing would send its next request on a connection the server drops
    HttpResponse<String> r = call(server, "GET", "/%2e%2e/secret", good(), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void anEventOtherThanTheConfiguredOneIs404() throws Exception {
    AtomicInteger published = new AtomicInteger();
    FramePublisher counting = (code, frame, at) -> published.incrementAndGet();
    try (IngestServer only = IngestServer.start(IngestServer.Settings.of(0, TOKEN)
        .withEventCode("santos"), counting, new SimpleMeterRegistry())) {
      HttpResponse<String> r = call(only, "POST", "/messages?event_code=other", good(),
          HttpRequest.BodyPublishers.ofString("r1|in|1"));
      assertError(r, 404, "unknown_event");
      r = call(only, "POST", "/messages?event_code=santos", good(),
          HttpRequest.BodyPublishers.ofString("r1|in|1"));
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(published).hasValue(1);
    }
  }

  // ---------------------------------------------------------------- 405

  @Test
  void aWrongMethodIs405() throws Exception {
    String[][] cases = {{"GET", "/messages"}, {"PUT", "/messages"}, {"DELETE", "/messages"},
        {"PATCH", "/messages"}, {"POST", "/health"}, {"DELETE", "/health"}, {"PUT", "/health"}};
    for (String[] c : cases) {
      HttpResponse<String> r = call(server, c[0], c[1] + "?event_code=bad-405", good(),
          HttpRequest.BodyPublishers.ofString("r1|in|1"));
      assertError(r, 405, "method_not_allowed");
      assertThat(r.headers().firstValue("Allow")).hasValue(c[1].equals("/messages") ? "POST"
          : "GET, HEAD");
    }
    assertNothingPublishedFor("bad-405", "marker-405");
  }

  @Test
  void aCorsPreflightFromAForeignOriginGetsNoCorsHeaders() throws Exception {
    HttpResponse<String> r = call(server, "OPTIONS", "/messages?event_code=santos",
        Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"), null);
    assertThat(r.statusCode()).isIn(404, 405);
    assertSafe(r);
    HttpResponse<String> post = post("/messages?event_code=cors", with("Origin",
        "https://evil.example"), "r1|in|1");
    assertThat(post.statusCode()).isEqualTo(202);
    assertSafe(post);
  }

  // ---------------------------------------------------------------- 503

  @Test
  void whenKafkaDoesNotAcknowledgeInTimeIs503() throws Exception {
    int deadPort;
    // a port nothing listens on (bound, then closed): the test is about a Kafka that is not there
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    try (KafkaFramePublisher nowhere = RestListener.publisher("127.0.0.1:" + deadPort,
        Topics.RAW_MESSAGES, Duration.ofMillis(800));
        IngestServer down = IngestServer.start(IngestServer.Settings.of(0, TOKEN), nowhere,
            new SimpleMeterRegistry())) {
      long start = System.nanoTime();
      HttpResponse<String> r = call(down, "POST", "/messages?event_code=santos", good(),
          HttpRequest.BodyPublishers.ofString("r1|in|1"));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertError(r, 503, "kafka_unavailable");
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(tookMs).isLessThan(10_000);
      HttpResponse<String> health = call(down, "GET", "/health", Map.of(), null);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).startsWith("{\"status\":\"DOWN\"");
      assertSafe(health);
    }
  }

  @Test
  void aFailingPublisherNeverLeaksItsStackTrace() throws Exception {
    FramePublisher broken = (code, frame, at) -> {
      throw new IllegalStateException("boom at lts.Secret.method(Secret.java:1)");
    };
    try (IngestServer s = IngestServer.start(IngestServer.Settings.of(0, TOKEN), broken,
        new SimpleMeterRegistry())) {
      HttpResponse<String> r = call(s, "POST", "/messages?event_code=santos", good(),
          HttpRequest.BodyPublishers.ofString("r1|in|1"));
      assertError(r, 500, "internal_error");
      assertThat(r.body()).doesNotContain("boom").doesNotContain("Secret");
    }
  }

  // ---------------------------------------------------------------- below HTTP

  @Test
  void aMalformedRequestGetsAJsonErrorWithoutStackTrace() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("POST /messages?event_code=santos HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).containsIgnoringCase("X-Content-Type-Options: nosniff");
      assertThat(answer).containsIgnoringCase("Cache-Control: no-store");
      assertThat(answer).doesNotContain("Exception").doesNotContain("<html").doesNotContain("at org.");
    }
  }
}
