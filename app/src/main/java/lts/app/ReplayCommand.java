package lts.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.listener.ws.ReplayServer;
import lts.recordings.RecordingFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lts replay}: a websocket server playing a recording as Apex Timing would serve it live,
 * to every client that connects, for {@code lts ws-listener} and demos.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Serves a recording (timestamp log, JSON lines with t/msg, t/raw or metadata then "
            + "timestamp/data, LTS envelopes; "
            + "gzipped or not) as an Apex-like websocket: every client that connects gets the "
            + "frames from the start, one text message per frame, with the recorded timing "
            + "divided by --speed. Runs until Ctrl-C / SIGTERM.", ""},
    footer = {"", "Examples:",
        "  lts replay --file santos-3h-first-30min.ndjson.gz --speed 10",
        "  lts replay --file race.log.gz --speed max --loop --websocket_port 9000",
        "  lts ws-listener --kafka_servers localhost:9092 \\",
        "      --websocket_uri ws://localhost:8092"})
public final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--file", required = true, paramLabel = "FILE",
      defaultValue = "${env:LTS_REPLAY_FILE}",
      description = "Recording to play (env LTS_REPLAY_FILE).")
  Path file;

  @Option(names = "--speed", paramLabel = "N|max", defaultValue = "${env:LTS_REPLAY_SPEED:-10}",
      converter = SpeedConverter.class,
      description = "How many times faster than recorded: 10 plays 1 h in 6 min, 1 in real time, "
          + "max as fast as each client reads (default: ${DEFAULT-VALUE}; env LTS_REPLAY_SPEED).")
  double speed;

  @Option(names = {"--websocket_port", "--websocket-port"}, paramLabel = "PORT",
      defaultValue = "${env:LTS_WEBSOCKET_PORT:-8092}",
      description = "TCP port to serve on (every interface); 0 for any free port "
          + "(default: ${DEFAULT-VALUE}, Apex's usual port; env LTS_WEBSOCKET_PORT).")
  int port;

  @Option(names = "--loop", defaultValue = "${env:LTS_REPLAY_LOOP:-false}",
      description = "Start again from the beginning after the last frame (env LTS_REPLAY_LOOP).")
  boolean loop;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Called with the runner once the server is up (tests stop it through this). */
  Consumer<Runner> started = runner -> { };

  /** How often the progress line is drawn; null: twice a second on a terminal, else every 10 s. */
  Duration progressInterval;

  /** {@code 10}, {@code 0.5}, {@code max}; anything else is bad input (exit 2). */
  static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return ReplayServer.parseSpeed(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--websocket_port must be 0 (any free port) to 65535, not " + port);
    }
    checkReadable(file);
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = ProgressBar.stderrIsTerminal();
    ReplayServer.Options options = ReplayServer.Options.speed(speed).withLoop(loop)
        .withProgressInterval(progressInterval != null ? progressInterval
            : terminal ? Duration.ofMillis(500) : Duration.ofSeconds(10));
    Consumer<ReplayServer.Progress> progress = p -> {
      String line = "replay: " + p.describe();
      if (terminal) {
        err.print("\r" + String.format(Locale.ROOT, "%-100s", line));
      } else {
        err.println(line);
      }
      err.flush();
    };
    ReplayServer server = start(options, progress);
    err.println("lts replay: serving " + file.getFileName() + " at "
        + (speed == ReplayServer.MAX_SPEED ? "max speed" : speedText(speed) + "x speed")
        + (loop ? " in a loop" : "") + " on " + server.uri() + " (connect with --websocket_uri "
        + server.uri() + "; Ctrl-C to stop)");
    err.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runner runner = new Runner() {
      @Override
      public void run() throws InterruptedException {
        try {
          stop.await();
        } finally { // inside run(): on SIGTERM the JVM waits for this, not for what follows
          server.close();
          if (terminal) {
            err.println();
          }
          err.println("lts replay: stopped after " + server.framesSent() + " frames sent");
          err.flush();
        }
      }

      @Override
      public void stop() {
        stop.countDown();
      }
    };
    try {
      started.accept(runner);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return RunnerMain.run("replay", runner, null, null);
  }

  private ReplayServer start(ReplayServer.Options options, Consumer<ReplayServer.Progress> progress)
      throws IOException {
    try {
      return ReplayServer.start(file, port, options, progress);
    } catch (NoSuchFileException e) {
      throw new UserInputException(notFound(file));
    } catch (AccessDeniedException e) {
      throw new UserInputException("cannot read " + file + ": permission denied");
    } catch (FileSystemException e) {
      throw new UserInputException("cannot read " + file + ": "
          + (e.getReason() == null ? e.getMessage() : e.getReason()));
    } catch (RecordingFormatException e) {
      throw new UserInputException(e.getMessage());
    } catch (RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof BindException) {
          throw new UserInputException("cannot serve on port " + port + " (" + c.getMessage()
              + "): choose another with --websocket_port, or 0 for any free port");
        }
      }
      throw e;
    }
  }

  private static void checkReadable(Path file) {
    if (!Files.exists(file)) {
      throw new UserInputException(notFound(file));
    }
    if (Files.isDirectory(file)) {
      throw new UserInputException("cannot read " + file + ": it is a directory, give a recording"
          + " file");
    }
    if (!Files.isReadable(file)) {
      throw new UserInputException("cannot read " + file + ": permission denied");
    }
  }

  private static String notFound(Path file) {
    return "file not found: " + file
        + " (give the path of an Apex recording: .log, .jsonl or .ndjson, gzipped or not)";
  }

  private static String speedText(double speed) {
    return speed == Math.rint(speed) ? String.valueOf((long) speed)
        : String.format(Locale.ROOT, "%s", speed);
  }
}
