package lts.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lts} command: one runner per subcommand. Exit codes: 0 success, 1 failure while
 * running, 2 bad input (options, files).
 */
@Command(name = "lts",
    mixinStandardHelpOptions = true,
    versionProvider = Lts.Version.class,
    description = {
        "Live Timing Strategy: turns the Apex Timing live feed of an endurance kart race into "
            + "strategy for the pit wall.",
        ""},
    subcommands = {
        DemoCommand.class, ParseCommand.class, SimulateCommand.class, KafkaCommand.class,
        ReplayCommand.class, ImportCommand.class,
        WsListenerCommand.class, RestListenerCommand.class, RawStorageCommand.class,
        ParserCommand.class, MetricsCommand.class, ApiCommand.class, KafkaCheckCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'lts help COMMAND' or 'lts COMMAND --help' for the options of a command."})
public final class Lts implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }

  /** The command line with every subcommand, as {@code main} runs it (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Lts());
    cli.setOut(new PrintWriter(new BufferedWriter(
        new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16), false));
    cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: say what to run, e.g. 'lts parse --summary race.log.gz'");
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Lts.class.getResourceAsStream("/lts-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"lts " + p.getProperty("version", "unknown"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }

  /** Turns an exception thrown while running into one clear line and an exit code. */
  static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli,
        CommandLine.ParseResult parseResult) {
      if (e instanceof UserInputException) {
        cli.getErr().println(cli.getCommandName() + ": " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      cli.getErr().println(cli.getCommandName() + ": failed: " + e);
      org.slf4j.LoggerFactory.getLogger(Lts.class).debug("failure", e);
      return CommandLine.ExitCode.SOFTWARE;
    }
  }
}
