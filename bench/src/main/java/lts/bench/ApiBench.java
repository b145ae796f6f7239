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
import java.time.Clock;
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
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.kafka.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.kafka.Topics;
import lts.metrics.Database;
import lts.metrics.MetricsService;
import lts.parser.EventCodec;
import lts.rawstorage.recording.RecordedFrame;
import lts.rawstorage.recording.RecordingReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Load benchmark of the API (issue 6): a program, not a JMH benchmark nor a test.
 *
 * <pre>
 * java -Xmx300m -cp bench/target/benchmarks.jar lts.bench.ApiBench [standings|sse] [h2|mariadb]
 * </pre>
 *
 * <p>Setup (both modes): the recording (default the 12 h Santos race, {@code -Drecording=PATH})
 * through the real {@link ApexEngine}, its events as JSON ({@link EventCodec}) into an
 * {@link EmbeddedKafka} topic, the real {@link MetricsService} run until it has committed every
 * offset into the database (H2 in MySQL mode in memory, or a fresh MariaDB database
 * {@code lts_bench_<random>} on 127.0.0.1:3306 as root without password, dropped at the end);
 * then Kafka is stopped and {@link ApiServer} started on a free port, in this JVM.
 *
 * <ul>
 *   <li>{@code standings}: {@code -Dclients=50} threads sharing one {@link HttpClient} (HTTP/1.1,
 *       keep-alive) send {@code GET /api/v1/events/{code}/standings} back to back for
 *       {@code -Dwarmup=10} s, then {@code -Dseconds=30} s measured: requests/s and latency
 *       percentiles.</li>
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
      server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, "t"), db.dataSource(),
          updates, () -> "", Clock.systemUTC());
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/events/" + code;
      if (mode.equals("standings")) {
        standings(base + "/standings");
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
    EventCodec codec = new EventCodec();
    Path kafkaDir = Files.createTempDirectory("lts-apibench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0, 3)) {
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

  private static void standings(String url) throws Exception {
    int clients = Integer.getInteger("clients", 50);
    int warmup = Integer.getInteger("warmup", 10);
    int seconds = Integer.getInteger("seconds", 30);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET()
        .timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> first = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + ": " + first.statusCode() + " "
          + new String(first.body(), StandardCharsets.UTF_8));
    }
    System.out.printf("standings: GET %s -> %d, %,d bytes; %d clients, %d s warm-up, %d s measured%n",
        url, first.statusCode(), first.body().length, clients, warmup, seconds);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<long[]>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      results.add(pool.submit(() -> {
        long[] lat = new long[4096];
        int n = 0;
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= measureTo) {
            break;
          }
          try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          long t1 = System.nanoTime();
          if (t0 >= measureFrom) {
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = t1 - t0;
          }
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    long gcBefore = gcMillis();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    long end = System.nanoTime();
    pool.shutdown();
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double measured = (Math.min(end, measureTo) - measureFrom) / 1e9;
    System.out.printf("standings RESULT: %,d requests in %.1f s = %,.0f req/s; latency ms p50 %.2f "
        + "p95 %.2f p99 %.2f max %.2f; errors %d; GC %d ms during the run; p99 < 20 ms: %s%n",
        lat.length, measured, lat.length / measured, ms(lat, 0.50), ms(lat, 0.95), ms(lat, 0.99),
        lat[lat.length - 1] / 1e6, errors.get(), gcMillis() - gcBefore,
        ms(lat, 0.99) < 20 ? "MET" : "NOT MET");
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
