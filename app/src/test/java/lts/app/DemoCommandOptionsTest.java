package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lts demo}'s options that exclude each other exit 2 and say which to give. */
class DemoCommandOptionsTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Lts.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void anImportedRaceIsNeitherLoopedNorReplayedAtASpeed() {
    assertThat(run("demo", "--import", "--loop", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--loop").contains("imported once");
    err.getBuffer().setLength(0);
    assertThat(run("demo", "--import", "--speed", "5", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--speed").contains("recorded instants");
  }

  @Test
  void theHelpSaysWhatImportDoes() {
    StringWriter out = new StringWriter();
    CommandLine cli = Lts.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("demo", "--help")).isZero();
    assertThat(out.toString()).contains("--import").contains("recorded instants");
  }

  @Test
  void withoutATokenTheDemoMakesARandomOneForTheRun() {
    String a = DemoCommand.tokenOrRandom(null);
    String b = DemoCommand.tokenOrRandom(" ");
    assertThat(a).hasSize(16).doesNotContain("demo").isNotEqualTo(b);
    assertThat(b).matches("[A-Za-z0-9_-]{16}");
    assertThat(DemoCommand.tokenOrRandom(" s3cret ")).isEqualTo("s3cret");
  }
}
