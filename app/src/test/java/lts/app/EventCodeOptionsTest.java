package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command that takes {@code --event_code} refuses a code the parser would refuse, before it
 * connects to anything: a usage error (exit 2) with the rule and a code to use instead.
 */
class EventCodeOptionsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "ws-listener --websocket_uri ws://127.0.0.1:1 --kafka_servers 127.0.0.1:1",
      "rest-listener --kafka_servers 127.0.0.1:1 --poll_uri http://127.0.0.1:1/feed",
      "parse some-recording.log",
      "import --kafka_servers 127.0.0.1:1 some-recording.log"})
  void anEventCodeWithASpaceIsAUsageErrorWithTheRuleAndASuggestion(String command) {
    CommandLine cli = Lts.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    String[] args = (command + " --event_code X").split(" ");
    args[args.length - 1] = "Santos 12h";

    int exit = cli.execute(args);

    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains("event code 'Santos 12h' is not valid")
        .contains("a-z, 0-9").contains("try 'santos-12h'");
  }
}
