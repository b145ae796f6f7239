package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.store.Database;
import lts.strategy.MetricsService;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lts metrics}: consumes {@code race-events} and maintains the strategy database (stints,
 * clean laps, kart labels, the pit lane and its odds, standings after all stops), exactly once in
 * effect. Exit codes: 0 after a clean stop (SIGTERM, Ctrl-C), 1 when the database cannot be
 * reached at start or the runner fails, 2 for bad options.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = {
        "Consumes the typed race events of a Kafka topic and keeps a MySQL 8 / MariaDB 10.11 "
            + "(or embedded H2) database up to date: sessions, teams, drivers, every lap with its "
            + "verdict (clean or why not), pit stops, stints with the average of their last N "
            + "clean laps and a kart label, the pit-lane queue with P(good kart), and the "
            + "standings after all pit stops. The schema is created or migrated at start "
            + "(Flyway). Each batch of events and its Kafka offsets are one database transaction: "
            + "a restart, a replay or a kill -9 leaves the database as an uninterrupted run would. "
            + "While the database is unreachable consumption pauses and resumes without loss. "
            + "After each transaction a small notification goes to the updates topic.", ""},
    footer = {"", "Examples:",
        "  lts metrics --kafka_servers localhost:9092 --db_url jdbc:mysql://127.0.0.1:3306/lts "
            + "--db_user lts --db_password secret",
        "  lts metrics --kafka_servers localhost:9092 --db_url jdbc:h2:file:./artifacts/lts "
            + "--avg_laps 7 --admin_port 9105",
        "", "The MariaDB/MySQL database must exist: CREATE DATABASE lts CHARACTER SET utf8mb4;"})
public final class MetricsCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--db_url", "--db-url"}, required = true, paramLabel = "JDBC",
      defaultValue = "${env:LTS_DB_URL}",
      description = "Database: jdbc:mysql://HOST:3306/DB (MySQL 8), jdbc:mariadb://HOST:3306/DB "
          + "(MariaDB 10.11, through the MySQL driver) or jdbc:h2:mem:NAME / jdbc:h2:file:PATH "
          + "(embedded H2, MySQL mode added) (env LTS_DB_URL).")
  String dbUrl;

  @Mixin
  lts.app.runner.DatabaseCredentials credentials;

  @Option(names = {"--kafka_group", "--kafka-group"}, paramLabel = "GROUP",
      defaultValue = "${env:LTS_KAFKA_GROUP:-metrics}",
      description = "Consumer group; the offsets that count are the ones stored in the database "
          + "with the data (default: ${DEFAULT-VALUE}; env LTS_KAFKA_GROUP).")
  String group;

  @Option(names = {"--kafka_topic", "--kafka-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_METRICS_TOPIC:-race-events}",
      description = "Topic of the race events, written by 'lts parser' "
          + "(default: ${DEFAULT-VALUE}; env LTS_METRICS_TOPIC).")
  String topic;

  @Option(names = {"--updates_topic", "--updates-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_UPDATES_TOPIC:-race-updates}",
      description = "Topic of the \"changed\" notifications sent after each transaction "
          + "(default: ${DEFAULT-VALUE}; env LTS_UPDATES_TOPIC).")
  String updatesTopic;

  @Option(names = {"--avg_laps", "--avg-laps"}, paramLabel = "N",
      defaultValue = "${env:LTS_AVG_LAPS:-5}",
      description = "N of new races: a stint's average is over its last N clean laps; each race "
          + "keeps its own in race_settings.avg_laps (default: ${DEFAULT-VALUE}; env LTS_AVG_LAPS).")
  int avgLaps;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The runner while {@link #call()} runs (for tests: stop it). */
  volatile MetricsService service;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    if (kafka.servers == null || kafka.servers.isBlank()) {
      throw new CommandLine.ParameterException(cli,
          "--kafka_servers must not be empty: give the Kafka brokers, e.g. localhost:9092");
    }
    if (avgLaps < 1 || avgLaps > 100) {
      throw new CommandLine.ParameterException(cli, "--avg_laps must be 1 to 100, not " + avgLaps);
    }
    if (group == null || group.isBlank() || topic == null || topic.isBlank()
        || updatesTopic == null || updatesTopic.isBlank()) {
      throw new CommandLine.ParameterException(cli,
          "--kafka_group, --kafka_topic and --updates_topic must not be empty");
    }
    try {
      Database.normalizeUrl(dbUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--db_url: " + e.getMessage());
    }
    Database db;
    try {
      db = Database.open(dbUrl, credentials.user, credentials.password);
    } catch (Database.UnavailableException e) {
      cli.getErr().println("metrics: " + e.getMessage());
      cli.getErr().flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    PrometheusMeterRegistry registry = AdminServer.registry();
    try (db) {
      MetricsService runner;
      try {
        runner = new MetricsService(new MetricsService.Options(kafka.servers.trim(), group.trim(),
            "lts-metrics", avgLaps, topic.trim(), updatesTopic.trim()), db, registry);
      } catch (KafkaException e) {
        throw new UserInputException("--kafka_servers " + kafka.servers + ": "
            + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
      }
      service = runner;
      return RunnerMain.run("metrics", new Runner() {
        @Override
        public void run() {
          runner.run();
        }

        @Override
        public void stop() {
          runner.stop();
        }

        @Override
        public String health() {
          return runner.health();
        }
      }, admin, registry);
    } finally {
      service = null;
    }
  }
}
