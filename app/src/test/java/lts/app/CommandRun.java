package lts.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * An {@code lts} command run as from the shell, its standard output and error kept as text: to
 * its end ({@link #run}), or on a thread of its own until the test stops it ({@link #start}).
 */
final class CommandRun {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** The command line of {@code command}, writing into {@link #out} and {@link #err}. */
  CommandLine cli(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  /** Runs {@code command} to its end; its exit code. */
  int run(Object command, String... args) {
    return cli(command).execute(args);
  }

  /** Starts {@code command} on a daemon thread; its exit code once it ends. */
  CompletableFuture<Integer> start(Object command, String... args) {
    CommandLine cli = cli(command);
    CompletableFuture<Integer> code = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        code.complete(cli.execute(args));
      } catch (Throwable e) {
        code.completeExceptionally(e);
      }
    }, cli.getCommandName() + "-command");
    t.setDaemon(true);
    t.start();
    return code;
  }
}
