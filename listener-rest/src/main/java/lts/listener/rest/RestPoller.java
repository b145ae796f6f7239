package lts.listener.rest;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import lts.contracts.EventCode;
import lts.kafka.FramePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll mode: GETs a URL every interval and publishes the body as one frame when it differs
 * from the last frame published. HTTP errors, timeouts and Kafka failures are logged and retried
 * with exponential backoff (interval × 2^n, at most {@link #MAX_BACKOFF}); it never gives up, and
 * runs until {@link #stop()}. A body that the publisher gave up on is sent again at the next poll
 * if still current; while a frame is neither acknowledged nor given up (Kafka away), polling
 * pauses instead of sending the frame again, so a slow acknowledgement makes no duplicate.
 */
public final class RestPoller implements Runnable {

  /** The longest wait between two tries after failures. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** The largest body accepted from the polled URL. */
  public static final int MAX_BODY_BYTES = 16 << 20;

  private static final Logger log = LoggerFactory.getLogger(RestPoller.class);

  private final URI uri;
  private final String eventCode;
  private final Duration interval;
  private final Duration requestTimeout;
  private final FramePublisher publisher;
  private final MeterRegistry registry;
  private final HttpClient client;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong turns = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private volatile String lastProblem;
  private String lastPublished;
  private CompletableFuture<Void> pending;
  private String pendingBody;
  private boolean pendingReported;

  /**
   * @param uri the URL to GET (http or https)
   * @param eventCode the key of the frames
   * @param interval the time between two polls
   * @param requestTimeout how long one GET may take
   */
  public RestPoller(URI uri, String eventCode, Duration interval, Duration requestTimeout,
      FramePublisher publisher, MeterRegistry registry) {
    this.uri = Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("the poll URI must be an http(s) URL, not " + uri);
    }
    if (!EventCode.isValid(eventCode)) {
      throw new IllegalArgumentException(EventCode.problem(eventCode));
    }
    if (interval.isNegative() || interval.isZero() || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("interval and timeout must be positive");
    }
    this.eventCode = eventCode;
    this.interval = interval;
    this.requestTimeout = requestTimeout;
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.client = HttpClient.newBuilder()
        .connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public void run() {
    log.info("rest-listener polling {} every {} ms for event {}", uri, interval.toMillis(), eventCode);
    int failures = 0;
    while (!stopped.isDone()) {
      boolean ok = pollOnce();
      turns.incrementAndGet();
      failures = ok ? 0 : failures + 1;
      // waiting for an acknowledgement costs nothing: look again after one interval
      pause(pending != null ? interval : delay(failures));
    }
    log.info("rest-listener stopped polling {} after {} polls, {} frames published", uri,
        polls.get(), published.get());
  }

  /** Makes {@link #run()} return soon (an ongoing GET is abandoned). */
  public void stop() {
    stopped.complete(null);
  }

  /** Null when the last poll worked, else what went wrong. */
  public String health() {
    return lastProblem;
  }

  /** How many frames were published so far. */
  public long published() {
    return published.get();
  }

  /** How many GETs were made so far. */
  public long polls() {
    return polls.get();
  }

  /** How many times the loop looked so far: a GET, or a frame found still on its way. */
  public long turns() {
    return turns.get();
  }

  Duration delay(int failures) {
    if (failures == 0) {
      return interval;
    }
    long factor = 1L << Math.min(failures, 20);
    long ms = interval.toMillis() * factor;
    return Duration.ofMillis(Math.min(ms, Math.max(MAX_BACKOFF.toMillis(), interval.toMillis())));
  }

  /** One GET and maybe one publish; false when something failed. */
  boolean pollOnce() {
    if (pending != null && !settlePending(Duration.ZERO)) {
      return false; // the previous frame is still on its way
    }
    polls.incrementAndGet();
    String body;
    try {
      body = fetch();
    } catch (PollException e) {
      return failed("GET " + uri + ": " + e.getMessage());
    }
    if (body == null) {
      return true; // stopped meanwhile
    }
    if (body.isEmpty()) {
      log.debug("GET {}: empty body, nothing to publish", uri);
      lastProblem = null;
      return true;
    }
    if (body.equals(lastPublished)) {
      log.debug("GET {}: unchanged", uri);
      lastProblem = null;
      return true;
    }
    pending = publisher.send(eventCode, body, System.currentTimeMillis());
    pendingBody = body;
    pendingReported = false;
    return settlePending(requestTimeout);
  }

  /**
   * Waits up to {@code wait} for the frame being published. Acknowledged: it is the last frame
   * published. Given up by the publisher: it will be sent again if still current. Still open: it
   * may yet be written, so nothing new is sent (no duplicate) until it settles.
   *
   * @return true when nothing is pending any more and nothing failed
   */
  private boolean settlePending(Duration wait) {
    try {
      pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (pendingReported) {
        return false; // said once per frame, not at every interval
      }
      pendingReported = true;
      return failed("publish: Kafka has not acknowledged the frame yet (waiting, not resending)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return true;
    } catch (ExecutionException e) {
      pending = null;
      pendingBody = null;
      registry.counter("lts.rest_listener.publish.failures", "mode", "poll").increment();
      return failed("publish: " + e.getCause().getMessage());
    }
    lastPublished = pendingBody;
    pending = null;
    pendingBody = null;
    published.incrementAndGet();
    registry.counter("lts.rest_listener.frames.published", "mode", "poll").increment();
    log.debug("GET {}: new frame of {} chars published", uri, lastPublished.length());
    lastProblem = null;
    return true;
  }

  private boolean failed(String problem) {
    lastProblem = problem;
    registry.counter("lts.rest_listener.poll.errors").increment();
    log.warn("rest-listener: {} (retrying)", problem);
    return false;
  }

  /** The body of a 2xx answer, or null when stopped meanwhile. */
  private String fetch() throws PollException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Accept", "text/plain, */*")
        .header("Cache-Control", "no-cache")
        .GET()
        .build();
    CompletableFuture<HttpResponse<byte[]>> call =
        client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
    try {
      CompletableFuture.anyOf(call, stopped).get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new PollException("timed out after " + requestTimeout.toMillis() * 2 + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      stop();
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new PollException(cause instanceof java.net.http.HttpTimeoutException
          ? "timed out after " + requestTimeout.toMillis() + " ms" : describe(cause));
    }
    if (!call.isDone()) {
      call.cancel(true);
      return null;
    }
    HttpResponse<byte[]> response = call.join();
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new PollException("HTTP " + status);
    }
    return new String(response.body(), charsetOf(response));
  }

  private static String describe(Throwable e) {
    if (e instanceof java.net.ConnectException) {
      return "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Charset charsetOf(HttpResponse<?> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    for (String part : type.split(";")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        try {
          return Charset.forName(kv[1].trim().replace("\"", ""));
        } catch (RuntimeException unknown) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private void pause(Duration delay) {
    try {
      stopped.get(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // time for the next poll
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    } catch (ExecutionException e) {
      stop();
    }
  }

  /** A failed poll. */
  static final class PollException extends Exception {
    private static final long serialVersionUID = 1L;

    PollException(String message) {
      super(message);
    }
  }

  /** Collects a body up to a limit, failing (and cancelling the download) past it. */
  static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (out.size() + item.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new IOException("body over " + max + " bytes"));
          return;
        }
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        out.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
