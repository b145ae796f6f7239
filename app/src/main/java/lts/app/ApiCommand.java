package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lts.api.ApiServer;
import lts.api.LiveUpdates;
import lts.api.RaceUpdatesListener;
import lts.api.RaceUpdatesPublisher;
import lts.app.runner.AdminServer;
import lts.contracts.Topics;
import lts.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lts api}: REST, live push and the dashboard over the metrics database. */
@Command(name = "api", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serves the JSON API (docs/API.md), live updates (Server-Sent Events fed by the "
            + "race-updates topic) and the dashboard over the database that 'lts metrics' "
            + "maintains. Writing routes (settings, label overrides) need the bearer token.", ""},
    footer = {"", "Example:",
        "  lts api --db_url jdbc:mysql://127.0.0.1:3306/lts --db_user root --kafka_servers localhost:9092 "
            + "--token s3cret",
        "  then open http://localhost:8080/"})
final class ApiCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ApiCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--db_url", "--db-url"}, required = true, paramLabel = "JDBC",
      defaultValue = "${env:LTS_DB_URL}",
      description = "Database of 'lts metrics': jdbc:mysql://HOST:3306/DB, jdbc:mariadb://HOST:3306/DB "
          + "or jdbc:h2:… (env LTS_DB_URL).")
  String dbUrl;

  @Mixin
  lts.app.runner.DatabaseCredentials credentials;

  @Option(names = "--port", defaultValue = "${env:LTS_API_PORT:-8080}", paramLabel = "PORT",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Option(names = "--host", defaultValue = "${env:LTS_API_HOST:-0.0.0.0}", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = {"--kafka_servers", "--kafka-servers"}, paramLabel = "HOST:PORT[,…]",
      defaultValue = "${env:LTS_KAFKA_SERVERS}",
      description = "Kafka brokers, for live push from the race-updates topic, where this api "
          + "also tells the other replicas of the changes made through it; without it the "
          + "dashboard refreshes only on its own changes (env LTS_KAFKA_SERVERS).")
  String kafkaServers;

  @Option(names = {"--updates_topic", "--updates-topic"},
      defaultValue = "${env:LTS_UPDATES_TOPIC:-" + Topics.RACE_UPDATES + "}", paramLabel = "TOPIC",
      description = "Topic of the change notifications, as lts metrics's (default: "
          + "${DEFAULT-VALUE}; env LTS_UPDATES_TOPIC).")
  String updatesTopic;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LTS_API_TOKEN}",
      description = "Bearer token for changing settings and labels (env LTS_API_TOKEN; prefer "
          + "the variable). Without it the API is read-only.")
  String token;

  @Option(names = {"--cache_ms", "--cache-ms"}, defaultValue = "${env:LTS_API_CACHE_MS:-1000}",
      paramLabel = "MS",
      description = "Longest time a cached response (standings, pit lane, events, settings…) is "
          + "served without a change notification; every race-updates notification and every "
          + "change through this api drops the event's responses at once (default: "
          + "${DEFAULT-VALUE}; 0: no cache; env LTS_API_CACHE_MS).")
  long cacheMs;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    if (cacheMs < 0 || cacheMs > 3_600_000) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--cache_ms must be 0 to 3600000, not " + cacheMs);
    }
    try {
      Database.normalizeUrl(dbUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--db_url: " + e.getMessage());
    }
    Database db;
    try {
      db = Database.open(dbUrl, credentials.user, credentials.password);
    } catch (Database.UnavailableException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    PrometheusMeterRegistry registry = AdminServer.registry();
    CountDownLatch stop = new CountDownLatch(1);
    boolean withKafka = kafkaServers != null && !kafkaServers.isBlank();
    // a PUT here reaches the dashboards of the other replicas through race-updates
    RaceUpdatesPublisher replicas = withKafka
        ? new RaceUpdatesPublisher(kafkaServers.trim(), updatesTopic) : null;
    LiveUpdates updates = new LiveUpdates(Duration.ofSeconds(15),
        replicas == null ? LiveUpdates.Relay.NONE : replicas);
    RaceUpdatesListener listener = withKafka
        ? new RaceUpdatesListener(kafkaServers.trim(), updatesTopic, updates, replicas.origin())
        : null;
    try (db; RaceUpdatesPublisher publisher = replicas; ApiServer server = ApiServer.start(
        new ApiServer.Settings(host, port, token, Duration.ofMillis(cacheMs)),
        db.dataSource(), updates, registry::scrape);
        // closed first (reverse order): the push stops before the HTTP server does
        RaceUpdatesListener updatesListener = listener; LiveUpdates push = updates) {
      server.responses().bindTo(registry);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "api-shutdown"));
      if (token == null || token.isBlank()) {
        log.warn("no --token: settings and label overrides are refused (read-only API)");
      }
      spec.commandLine().getErr().println("Dashboard: http://localhost:" + server.port() + "/  API: http://localhost:"
          + server.port() + "/api/docs");
      spec.commandLine().getErr().flush();
      stop.await();
    }
    return 0;
  }
}
