package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ApiCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ApiCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpDescribesTheResponseCacheOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--cache_ms", "--cache-ms", "LTS_API_CACHE_MS", "0: no cache");
  }

  @Test
  void theCacheMaxAgeIsOneSecondUnlessGivenInEitherSpelling() {
    ApiCommand defaults = new ApiCommand();
    new CommandLine(defaults).parseArgs("--db_url", "jdbc:h2:mem:x");
    if (System.getenv("LTS_API_CACHE_MS") == null) {
      assertThat(defaults.cacheMs).isEqualTo(1000);
    }
    ApiCommand snake = new ApiCommand();
    new CommandLine(snake).parseArgs("--db_url", "jdbc:h2:mem:x", "--cache_ms", "250");
    assertThat(snake.cacheMs).isEqualTo(250);
    ApiCommand kebab = new ApiCommand();
    new CommandLine(kebab).parseArgs("--db-url", "jdbc:h2:mem:x", "--cache-ms", "0");
    assertThat(kebab.cacheMs).isZero();
  }

  @Test
  void aNegativeCacheMaxAgeIsAUsageError() {
    assertThat(run("--db_url", "jdbc:h2:mem:x", "--cache_ms", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--cache_ms must be 0 to 3600000").doesNotContain("Exception");
  }

  @Test
  void theUpdatesTopicComesFromTheSameEnvironmentVariableAsMetricss() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--updates_topic", "LTS_UPDATES_TOPIC");
    ApiCommand defaults = new ApiCommand();
    new CommandLine(defaults).parseArgs("--db_url", "jdbc:h2:mem:x");
    if (System.getenv("LTS_UPDATES_TOPIC") == null) {
      assertThat(defaults.updatesTopic).isEqualTo("race-updates");
    }
    ApiCommand given = new ApiCommand();
    new CommandLine(given).parseArgs("--db_url", "jdbc:h2:mem:x", "--updates-topic", "u");
    assertThat(given.updatesTopic).isEqualTo("u");
  }
}
