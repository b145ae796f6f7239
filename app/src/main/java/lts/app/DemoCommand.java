package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import lts.contracts.EventCode;
import lts.contracts.Topics;
import lts.api.ApiServer;
import lts.api.LiveUpdates;
import lts.api.RaceUpdatesListener;
import lts.app.runner.AdminServer;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.kafka.broker.EmbeddedKafka;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;
import lts.store.Database;
import lts.strategy.MetricsService;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.recordings.RecordingWriter;
import lts.rawstorage.runner.RawStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lts demo}: the whole system in one JVM on a built-in (simulated) race or any recording:
 * embedded Kafka, embedded H2 (unless {@code --db_url}), the replay server, ws-listener,
 * raw-storage, parser, metrics and api with the dashboard.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole pipeline in this JVM and opens a live dashboard: a real Kafka broker "
            + "(temporary directory), an embedded H2 database in MySQL mode (or --db_url), an "
            + "Apex-like websocket server replaying the race, ws-listener, raw-storage, parser, "
            + "metrics and api. The default race is a simulated 3-hour endurance race "
            + "(lts simulate); --recording plays any recording instead. Ctrl-C stops everything.",
        ""},
    footer = {"", "Examples:", "  lts demo",
        "  lts demo --recording ../shared/data/apex/santos-12h-2026-04-25.log.gz --speed 60"})
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--recording", paramLabel = "FILE",
      description = "Recording to replay (any format lts parse reads); default: a simulated race.")
  Path recording;

  @Option(names = "--speed", defaultValue = "20", paramLabel = "N|max",
      description = "Replay speed: N times real time, or max (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(names = "--port", defaultValue = "${env:LTS_API_PORT:-8080}", paramLabel = "PORT",
      description = "Dashboard and API port (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Option(names = {"--db_url", "--db-url"}, paramLabel = "JDBC",
      description = "Database instead of the embedded H2, e.g. jdbc:mysql://127.0.0.1:3306/lts "
          + "(the database must exist).")
  String dbUrl;

  @Mixin
  lts.app.runner.DatabaseCredentials credentials;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LTS_API_TOKEN}",
      description = "Bearer token for settings and label overrides (default: env LTS_API_TOKEN, "
          + "else a random one for this run, printed when the demo is ready).")
  String token;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of the simulated race (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--loop", description = "Replay the race again when it ends.")
  boolean loop;

  @Option(names = "--import", description = "Put the race into Kafka with its recorded instants, "
      + "as fast as Kafka takes it (as lts import does), instead of replaying it over a websocket: "
      + "the whole race is there at once, on its own clock.")
  boolean importRace;

  @Mixin
  Verbosity verbosity;

  /** Set once everything runs (tests read the dashboard's port from here). */
  volatile ApiServer api;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    double replaySpeed;
    try {
      replaySpeed = ReplayServer.parseSpeed(speed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--speed: " + e.getMessage());
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
    }
    if (importRace && loop) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--loop replays a race again; an imported race is imported once: give one of them");
    }
    if (importRace && spec.commandLine().getParseResult().hasMatchedOption("--speed")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--speed is the replay's; an imported race keeps its recorded instants: give one of them");
    }
    if (recording != null && !Files.isReadable(recording)) {
      throw new UserInputException("cannot read the recording " + recording);
    }
    long started = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    Path work = Files.createTempDirectory("lts-demo-");
    List<AutoCloseable> open = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Runnable> stoppers = new ArrayList<>();
    Thread hook = new Thread(stop::countDown, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Path race = recording != null ? recording : simulate(work.resolve("race.jsonl"));
      String eventCode = firstEventCode(race);
      EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0, 1, Topics.ALL);
      open.add(kafka);
      String servers = kafka.bootstrapServers();
      Database db;
      try {
        db = dbUrl == null
            ? Database.open("jdbc:h2:mem:lts-demo-" + Long.toHexString(System.nanoTime()), null, null)
            : Database.open(dbUrl, credentials.user, credentials.password);
      } catch (Database.UnavailableException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      open.add(db);
      PrometheusMeterRegistry registry = AdminServer.registry();

      MetricsService metrics = new MetricsService(
          new MetricsService.Options(servers, "metrics", "demo-metrics", 5), db, registry);
      open.add(metrics);
      threads.add(start("metrics", metrics::run));
      stoppers.add(metrics::stop);
      ParserRunner parser = new ParserRunner(ParserConfig.of(servers), registry);
      threads.add(start("parser", parser::run));
      stoppers.add(parser::stop);
      RawStorage storage = new RawStorage(RawStorage.Settings.defaults(servers, work.resolve("logs")),
          registry);
      threads.add(start("raw-storage", storage::run));
      stoppers.add(storage::stop);

      LiveUpdates updates = new LiveUpdates();
      RaceUpdatesListener updatesListener = new RaceUpdatesListener(servers, null, updates);
      token = tokenOrRandom(token);
      api = ApiServer.start(new ApiServer.Settings("0.0.0.0", port, token), db.dataSource(), updates,
          registry::scrape);
      api.responses().bindTo(registry);
      open.add(api);
      // closed in reverse: the push stops before the HTTP server does
      open.add(updatesListener);
      open.add(updates);

      if (importRace) {
        threads.add(start("import", () -> importRace(race, servers, err)));
      } else {
        ReplayServer replay = ReplayServer.start(race, 0,
            ReplayServer.Options.speed(replaySpeed).withLoop(loop).withProgressInterval(
                java.time.Duration.ofSeconds(ProgressBar.stderrIsTerminal() ? 1 : 15)),
            p -> progress(err, p));
        open.add(replay);
        WsListener listener = WsListener.create(WsListener.Config.of(replay.uri())
            .withEventCode(eventCode), servers, registry);
        threads.add(start("ws-listener", listener::run));
        stoppers.add(listener::stop);
      }

      err.printf(Locale.ROOT, "%nLTS demo ready in %.1f s: open http://localhost:%d/  (race %s, "
          + "%s; token '%s'; Ctrl-C to stop)%n%n", (System.nanoTime() - started) / 1e9,
          api.port(), eventCode, importRace ? "imported" : "replayed at " + speed, token);
      err.flush();
      ready.countDown();
      stop.await();
      err.println();
      err.println("stopping the demo…");
      err.flush();
      return 0;
    } finally {
      ready.countDown();
      for (int i = stoppers.size() - 1; i >= 0; i--) {
        stoppers.get(i).run();
      }
      for (Thread t : threads) {
        t.join(20_000);
      }
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          log.debug("closing {}: {}", open.get(i), e.toString());
        }
      }
      deleteQuietly(work);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
    }
  }

  /** Puts the race into raw-messages as {@code lts import} does, with a progress bar. */
  private static void importRace(Path race, String servers, PrintWriter err) throws Exception {
    ProgressBar bar = new ProgressBar(System.err, ProgressBar.stderrIsTerminal(),
        race.getFileName().toString());
    RecordingImport.Result result;
    try {
      result = new RecordingImport(servers, Topics.RAW_MESSAGES).run(race,
          RecordingReader.Options.DEFAULTS.withEventCode(firstEventCode(race)), Long.MAX_VALUE,
          (bytes, total, frames) -> bar.update(bytes, total, frames, "frames"));
    } finally {
      bar.finish();
    }
    err.printf(Locale.ROOT, "imported %,d frames of %s%n", result.imported(), result.eventCode());
    err.flush();
  }

  /** Stops a running demo (tests). */
  void stop() {
    stop.countDown();
  }

  /** Waits until the demo is serving (tests). */
  boolean awaitReady(long millis) throws InterruptedException {
    return ready.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS) && api != null;
  }

  private Path simulate(Path file) throws IOException {
    RaceSettings settings = RaceSettings.defaults().withSeed(seed);
    String code = RaceSimulator.eventCode(settings);
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      RaceSimulator.run(settings, (at, text) -> writer.write(new RecordedFrame(code, at, text), "simulator"));
    }
    return file;
  }

  private static String firstEventCode(Path race) throws IOException {
    try (RecordingReader reader = RecordingReader.open(race)) {
      String code = reader.hasNext() ? reader.next().eventCode() : "demo";
      return EventCode.derive(code).value();
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Runs a stage in its own thread; a stage that fails stops the demo. */
  private Thread start(String name, Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.error("{} failed: {}", name, e.toString(), e);
        stop.countDown();
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void progress(PrintWriter err, ReplayServer.Progress p) {
    if (ProgressBar.stderrIsTerminal()) {
      err.print("\r" + p + "   ");
    } else {
      err.println(p);
    }
    err.flush();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", dir, e.toString());
    }
  }

  /**
   * {@code given}, else a random token for this run: the demo listens on every interface (a
   * phone on the track's network), so no token anyone could guess changes its settings.
   */
  static String tokenOrRandom(String given) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
