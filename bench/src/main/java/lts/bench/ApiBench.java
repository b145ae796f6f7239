package lts.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lts.api.ApiServer;
import lts.api.LiveUpdates;
import lts.api.ResponseCache;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.store.Database;
import lts.strategy.MetricsService;
import lts.contracts.RaceEventCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Load benchmark of the API: a program, not a JMH benchmark nor a test.
 *
 * <pre>
 * java -Xmx300m -cp bench/target/benchmarks.jar lts.bench.ApiBench [standings|sse] [h2|mariadb]
 * </pre>
 *
 * <p>Setup (both modes): the recording (default the 12 h Santos race, {@code -Drecording=PATH})
 * through the real {@link ApexEngine}, its events as JSON ({@link RaceEventCodec}) into an
 * {@link EmbeddedKafka} topic, the real {@link MetricsService} run until it has committed every
 * offset into the database (H2 in MySQL mode in memory, or a fresh MariaDB database
 * {@code lts_bench_<random>} on 127.0.0.1:3306 as root without password, dropped at the end);
 * then Kafka is stopped and {@link ApiServer} started on a free port, in this JVM.
 *
 * <ul>
 *   <li>{@code standings}: {@code -Dclients=50} threads sharing one {@link HttpClient} (HTTP/1.1,
 *       keep-alive) send {@code GET /api/v1/events/{code}/standings} back to back for
 *       {@code -Dwarmup=10} s, then {@code -Dseconds=30} s measured: requests/s and latency
 *       percentiles, {@code /proc/loadavg} at the start and the end, the CPU time of the server's
 *       threads, the clients' threads and the rest of the process (GC, JIT), and the response
 *       cache's hits and misses. {@code -DcacheMs=N} sets the api's cache max age (default that
 *       of {@code lts api}, 1000; 0: no cache, every request queries the database);
 *       {@code -Dclient=raw} replaces the {@link HttpClient} by a minimal blocking HTTP/1.1 client
 *       per thread (see {@link RawClient}).</li>
 *   <li>{@code sse}: {@code -Dclients=500} SSE clients on {@code /api/v1/events/{code}/stream};
 *       one {@link LiveUpdates#publish} a second for {@code -Dseconds=30} s; every client must
 *       receive every update; delivery latency percentiles and heap used after {@code System.gc()}
 *       (the server and the clients share this JVM, so the heap figure is an upper bound of the
 *       server's).</li>
 * </ul>
 */
public final class ApiBench {

  private static final String TOPIC = "bench-events";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ApiBench() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "standings";
    String dbKind = args.length > 1 ? args[1] : "h2";
    if (!mode.equals("standings") && !mode.equals("sse")) {
      throw new IllegalArgumentException("usage: ApiBench [standings|sse] [h2|mariadb]");
    }
    Path recording = Path.of(System.getProperty("recording",
        "../shared/data/apex/santos-12h-2026-04-25.log.gz"));
    System.out.printf("ApiBench %s on %s: %d CPUs, max heap %d MB, load %.2f, java %s%n", mode,
        dbKind, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"));

    String mariaDbName = null;
    Database db;
    if (dbKind.equals("mariadb")) {
      mariaDbName = "lts_bench_" + Long.toHexString(System.nanoTime() & 0xffffffL);
      mariaDb("CREATE DATABASE " + mariaDbName + " CHARACTER SET utf8mb4");
      db = Database.open("jdbc:mysql://127.0.0.1:3306/" + mariaDbName, "root", null);
    } else if (dbKind.equals("h2")) {
      db = Database.open("jdbc:h2:mem:bench", null, null);
    } else {
      throw new IllegalArgumentException("database: h2 or mariadb, not " + dbKind);
    }
    ApiServer server = null;
    LiveUpdates updates = new LiveUpdates();
    try {
      String code = fill(db, recording);
      System.gc();
      Duration cacheMaxAge = Duration.ofMillis(Long.getLong("cacheMs",
          ResponseCache.DEFAULT_MAX_AGE.toMillis()));
      server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, "t", cacheMaxAge),
          db.dataSource(), updates, () -> "");
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/events/" + code;
      if (mode.equals("standings")) {
        System.out.printf("standings: response cache max age %d ms%n", cacheMaxAge.toMillis());
        standings(base + "/standings", server.responses());
      } else {
        sse(base + "/stream", code, updates);
      }
    } finally {
      if (server != null) {
        server.close();
      }
      // not updates.close(): after the server has stopped, closing 500 SSE clients made Javalin
      // log NullPointerExceptions from its exception handler for minutes (seen on the first run);
      // System.exit below ends the clients anyway
      db.close();
      if (mariaDbName != null) {
        mariaDb("DROP DATABASE " + mariaDbName);
      }
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- setup

  /** The race through engine → Kafka → metrics into {@code db}; returns the event code. */
  private static String fill(Database db, Path recording) throws Exception {
    long t0 = System.nanoTime();
    List<RaceEvent> events = new ArrayList<>();
    ApexEngine engine = null;
    try (RecordingReader reader = RecordingReader.open(recording)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        if (engine == null) {
          engine = new ApexEngine(f.eventCode());
        }
        engine.accept(f.at(), f.text(), events::add);
      }
    }
    if (engine == null) {
      throw new IllegalStateException("empty recording " + recording);
    }
    engine.finish(events::add);
    String code = events.get(0).eventCode();
    RaceEventCodec codec = new RaceEventCodec();
    Path kafkaDir = Files.createTempDirectory("lts-apibench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0, 3, Topics.ALL)) {
      for (int attempt = 1; ; attempt++) {
        try {
          kafka.createTopics(List.of(TOPIC), 3);
          break;
        } catch (IllegalStateException e) {
          if (attempt == 10) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
      try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
          KafkaClients.producer(kafka.bootstrapServers(), "bench-publisher"))) {
        for (RaceEvent e : events) {
          p.send(new ProducerRecord<>(TOPIC, e.eventCode(),
              codec.toJson(e).getBytes(StandardCharsets.UTF_8)));
        }
        p.flush();
      }
      Map<Integer, Long> ends = new HashMap<>();
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
          KafkaClients.consumer(kafka.bootstrapServers(), "probe", "probe"))) {
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo pi : c.partitionsFor(TOPIC)) {
          parts.add(new TopicPartition(TOPIC, pi.partition()));
        }
        c.endOffsets(parts).forEach((tp, o) -> ends.put(tp.partition(), o));
      }
      long t1 = System.nanoTime();
      MetricsService service = new MetricsService(new MetricsService.Options(
          kafka.bootstrapServers(), "bench", "metrics-bench", 5, TOPIC, Topics.RACE_UPDATES), db,
          null);
      Thread t = new Thread(service::run, "metrics");
      t.start();
      long deadline = System.currentTimeMillis() + 600_000;
      while (!caughtUp(db, ends)) {
        if (!t.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the metrics runner did not catch up");
        }
        Thread.sleep(100);
      }
      service.stop();
      t.join(30_000);
      System.out.printf("setup: %,d events of %s (%s) published and applied by the metrics in "
          + "%.1f s (metrics alone %.1f s); %s%n", events.size(), recording.getFileName(), code,
          (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t1) / 1e9, counts(db, code));
    } finally {
      try (var walk = Files.walk(kafkaDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return code;
  }

  private static boolean caughtUp(Database db, Map<Integer, Long> ends) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT kafka_partition, next_offset FROM metrics_offsets WHERE topic = ?")) {
      ps.setString(1, TOPIC);
      Map<Integer, Long> stored = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getInt(1), rs.getLong(2));
        }
      }
      for (Map.Entry<Integer, Long> e : ends.entrySet()) {
        if (e.getValue() > 0 && stored.getOrDefault(e.getKey(), 0L) < e.getValue()) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String counts(Database db, String code) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      for (String table : List.of("teams", "laps", "stints", "pit_stops", "standings")) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          b.append(b.length() == 0 ? "" : ", ").append(String.format("%,d %s", rs.getLong(1), table));
        }
      }
    }
    return b.toString();
  }

  private static void mariaDb(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  // ---------------------------------------------------------------- standings

  private static void standings(String url, ResponseCache responses) throws Exception {
    int clients = Integer.getInteger("clients", 50);
    int warmup = Integer.getInteger("warmup", 10);
    int seconds = Integer.getInteger("seconds", 30);
    boolean rawClient = System.getProperty("client", "jdk").equals("raw");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET()
        .timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> first = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + ": " + first.statusCode() + " "
          + new String(first.body(), StandardCharsets.UTF_8));
    }
    System.out.printf("standings: GET %s -> %d, %,d bytes; %d clients (%s), %d s warm-up, %d s "
        + "measured%n", url, first.statusCode(), first.body().length, clients,
        rawClient ? "raw sockets" : "java.net.http.HttpClient", warmup, seconds);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    AtomicLong threadIds = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients,
        r -> new Thread(r, "bench-client-" + threadIds.incrementAndGet()));
    CpuSample[] cpu = new CpuSample[2];
    String[] load = new String[2];
    long[] cache = new long[4];
    List<Future<long[]>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      results.add(pool.submit(() -> {
        long[] lat = new long[4096];
        int n = 0;
        RawClient raw = rawClient ? new RawClient(URI.create(url)) : null;
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= measureTo) {
            break;
          }
          try {
            int status = raw != null ? raw.get()
                : http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
            if (status != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
            if (raw != null) {
              raw.close();
            }
          }
          long t1 = System.nanoTime();
          if (t0 >= measureFrom) {
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = t1 - t0;
          }
        }
        if (raw != null) {
          raw.close();
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    long gcBefore = gcMillis();
    // the measured window only: CPU, load and cache counts when it opens and when it closes
    Thread sampler = new Thread(() -> {
      try {
        sleepUntil(measureFrom);
        cpu[0] = CpuSample.now();
        load[0] = loadAverage();
        cache[0] = responses.hits();
        cache[1] = responses.misses();
        sleepUntil(measureTo);
        cpu[1] = CpuSample.now();
        load[1] = loadAverage();
        cache[2] = responses.hits();
        cache[3] = responses.misses();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-sampler");
    sampler.start();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    long end = System.nanoTime();
    sampler.join();
    pool.shutdown();
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double measured = (Math.min(end, measureTo) - measureFrom) / 1e9;
    System.out.printf("standings RESULT: %,d requests in %.1f s = %,.0f req/s; latency ms p50 %.2f "
        + "p95 %.2f p99 %.2f max %.2f; errors %d; GC %d ms during the run; p99 < 20 ms: %s%n",
        lat.length, measured, lat.length / measured, ms(lat, 0.50), ms(lat, 0.95), ms(lat, 0.99),
        lat[lat.length - 1] / 1e6, errors.get(), gcMillis() - gcBefore,
        ms(lat, 0.99) < 20 ? "MET" : "NOT MET");
    System.out.printf("standings: load average (/proc/loadavg) at the start of the measured window "
        + "'%s', at its end '%s'%n", load[0], load[1]);
    System.out.printf("standings: response cache in the window: %,d hits, %,d misses%n",
        cache[2] - cache[0], cache[3] - cache[1]);
    if (cpu[0] != null && cpu[1] != null) {
      int cpus = Runtime.getRuntime().availableProcessors();
      System.out.println("standings: CPU in the window (" + cpus + " CPUs = "
          + String.format("%.0f", cpus * measured) + " CPU-s available): "
          + cpu[1].minus(cpu[0], lat.length));
    }
    System.gc();
    System.out.printf("standings: heap used after GC %.1f MB%n", MEMORY.getHeapMemoryUsage()
        .getUsed() / 1048576.0);
  }

  // ---------------------------------------------------------------- sse

  /** One SSE client: counts the {@code update} events, their delivery latency. */
  private static final class SseCounter implements Flow.Subscriber<String> {
    final long[] latency;
    volatile int received;
    volatile boolean connected;
    volatile Throwable failure;
    volatile boolean completed;
    private boolean update;

    SseCounter(int updates) {
      latency = new long[updates];
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      long now = System.nanoTime();
      if (line.startsWith(": connected") || line.startsWith(":connected")) {
        connected = true;
      } else if (line.startsWith("event:")) {
        update = line.substring(6).trim().equals("update");
      } else if (line.startsWith("data:") && update) {
        // data: {"seq":N,"sent":NANOS,...}
        String d = line.substring(5);
        int seq = Integer.parseInt(field(d, "\"seq\":"));
        long sent = Long.parseLong(field(d, "\"sent\":"));
        if (seq < latency.length) {
          latency[seq] = now - sent;
        }
        received++;
        update = false;
      }
    }

    private static String field(String d, String key) {
      int i = d.indexOf(key) + key.length();
      int j = i;
      while (j < d.length() && (Character.isDigit(d.charAt(j)) || d.charAt(j) == '-')) {
        j++;
      }
      return d.substring(i, j);
    }

    @Override
    public void onError(Throwable t) {
      failure = t;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }

  private static void sse(String url, String code, LiveUpdates updates) throws Exception {
    int clients = Integer.getInteger("clients", 500);
    int seconds = Integer.getInteger("seconds", 30);
    double before = heapAfterGcMb();
    System.out.printf("sse: %s, %d clients, %d updates (1/s); heap used after GC before the "
        + "clients %.1f MB%n", url, clients, seconds, before);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "text/event-stream").GET().build();
    List<SseCounter> counters = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      SseCounter c = new SseCounter(seconds);
      counters.add(c);
      responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(c)));
    }
    // a client whose connection failed (e.g. connect timeout on a loaded machine) reconnects, as
    // a browser's EventSource would, up to 5 times
    int reconnects = 0;
    String firstFailure = null;
    long deadline = System.currentTimeMillis() + 90_000;
    while (counters.stream().anyMatch(c -> !c.connected)) {
      for (int i = 0; i < clients; i++) {
        var r = responses.get(i);
        SseCounter c = counters.get(i);
        if (!c.connected && (r.isCompletedExceptionally() || c.failure != null
            || (r.isDone() && c.completed))) {
          if (firstFailure == null) {
            firstFailure = r.isCompletedExceptionally()
                ? r.handle((v, e) -> String.valueOf(e)).join() : String.valueOf(c.failure);
          }
          if (++reconnects > 5 * clients) {
            throw new IllegalStateException("too many failed SSE connections: " + firstFailure);
          }
          SseCounter fresh = new SseCounter(seconds);
          counters.set(i, fresh);
          responses.set(i, http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(fresh)));
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + updates.clientCount() + " of " + clients
            + " SSE clients connected in 90 s; first failure " + firstFailure);
      }
      Thread.sleep(50);
    }
    System.out.printf("sse: %d reconnects while connecting (first failure: %s)%n", reconnects,
        firstFailure);
    System.out.printf("sse: %d clients connected in %.2f s; heap used after GC %.1f MB%n",
        updates.clientCount(), (System.nanoTime() - t0) / 1e9, heapAfterGcMb());
    double maxUsed = 0;
    long publishNanos = 0;
    for (int seq = 0; seq < seconds; seq++) {
      long next = t0 = System.nanoTime();
      String json = "{\"event_code\":\"" + code + "\",\"tables\":[\"standings\",\"laps\"],\"seq\":"
          + seq + ",\"sent\":" + next + ",\"at\":" + System.currentTimeMillis() + "}";
      updates.publish(code, json);
      publishNanos = Math.max(publishNanos, System.nanoTime() - t0);
      maxUsed = Math.max(maxUsed, MEMORY.getHeapMemoryUsage().getUsed() / 1048576.0);
      long sleep = TimeUnit.NANOSECONDS.toMillis(next + 1_000_000_000L - System.nanoTime());
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
    }
    deadline = System.currentTimeMillis() + 10_000;
    while (counters.stream().anyMatch(c -> c.received < seconds)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    double after = heapAfterGcMb();
    long complete = counters.stream().filter(c -> c.received == seconds).count();
    int minReceived = counters.stream().mapToInt(c -> c.received).min().orElse(0);
    long failed = counters.stream().filter(c -> c.failure != null || c.completed).count();
    long[] lat = counters.stream().flatMapToLong(c -> Arrays.stream(c.latency))
        .filter(v -> v > 0).sorted().toArray();
    System.out.printf("sse RESULT: %d/%d clients received all %d updates (min %d), %d closed or "
        + "failed; delivery latency ms p50 %.2f p95 %.2f p99 %.2f max %.2f (%,d deliveries); "
        + "slowest publish() %.1f ms; heap used after GC with %d clients %.1f MB (before %.1f MB); "
        + "max heap used sampled %.1f MB; under 300 MB: %s%n", complete, clients, seconds,
        minReceived, failed, ms(lat, 0.50), ms(lat, 0.95), ms(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, lat.length, publishNanos / 1e6,
        updates.clientCount(), after, before, maxUsed, after < 300 ? "YES" : "NO");
    responses.forEach(r -> r.cancel(true));
  }

  /**
   * {@code -Dclient=raw}: a minimal HTTP/1.1 keep-alive client on a blocking socket, one per client
   * thread: writes one fixed GET, reads the status line, the headers and the body (Content-Length
   * or chunked). Much cheaper than {@link HttpClient} (no selector thread, no futures), so the
   * server's share of the 2 CPUs comes closer to what it would have with its clients elsewhere.
   */
  private static final class RawClient implements AutoCloseable {
    private final URI uri;
    private final byte[] request;
    private final byte[] skip = new byte[16 * 1024];
    private java.net.Socket socket;
    private java.io.InputStream in;
    private java.io.OutputStream out;

    RawClient(URI uri) {
      this.uri = uri;
      this.request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
          + uri.getPort() + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One request and its whole answer; returns the status. */
    int get() throws java.io.IOException {
      if (socket == null) {
        socket = new java.net.Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 32 * 1024);
        out = socket.getOutputStream();
      }
      out.write(request);
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
      }
      if (close) {
        close();
      }
      return code;
    }

    private void skip(long n) throws java.io.IOException {
      while (n > 0) {
        int r = in.read(skip, 0, (int) Math.min(skip.length, n));
        if (r < 0) {
          throw new java.io.EOFException("connection closed in a body");
        }
        n -= r;
      }
    }

    private String line() throws java.io.IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException("connection closed");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (java.io.IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
  }

  /** CPU time of this process and of its threads by kind, at one moment. */
  private record CpuSample(long process, long server, long clients, long httpClient, long other) {

    static CpuSample now() {
      java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long server = 0;
      long clients = 0;
      long httpClient = 0;
      long other = 0;
      for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long t = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        String name = info.getThreadName();
        if (name.startsWith("JettyServerThreadPool")) {
          server += t;
        } else if (name.startsWith("bench-client-")) {
          clients += t;
        } else if (name.startsWith("HttpClient-")) {
          httpClient += t;
        } else {
          other += t;
        }
      }
      long process = ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
      return new CpuSample(process, server, clients, httpClient, other);
    }

    /**
     * What was spent between {@code before} and this sample. Threads that ended in between are
     * missing from the thread sums, so "rest of the process" (GC, JIT, ended threads) is the
     * process CPU minus the sums of the live threads.
     */
    String minus(CpuSample before, long requests) {
      double p = (process - before.process) / 1e9;
      double s = (server - before.server) / 1e9;
      double c = (clients - before.clients) / 1e9;
      double h = (httpClient - before.httpClient) / 1e9;
      double o = (other - before.other) / 1e9;
      return String.format("process %.1f CPU-s; server (Jetty threads) %.1f s = %.0f µs/request; "
          + "load clients (their threads %.1f s + HttpClient's %.1f s) %.1f s = %.0f µs/request; "
          + "other live threads %.1f s; rest (GC, JIT, ended threads) %.1f s", p, s,
          s * 1e6 / Math.max(1, requests), c, h, c + h, (c + h) * 1e6 / Math.max(1, requests), o,
          p - s - c - h - o);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static double heapAfterGcMb() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
  }

  private static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
