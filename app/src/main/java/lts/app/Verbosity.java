package lts.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The {@code --verbosity} option every runner shares, as the original Python runners had it:
 * 0 off, 1 debug, 2 info (default), 3 warning, 4 error, 5 critical.
 */
public final class Verbosity {

  private int level = 2;

  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  @Option(names = {"--verbosity", "-v"}, paramLabel = "0-5", defaultValue = "${env:LTS_VERBOSITY:-2}",
      description = "Log level: 0 off, 1 debug, 2 info, 3 warning, 4 error, 5 critical "
          + "(default: ${DEFAULT-VALUE}; env LTS_VERBOSITY).")
  void setLevel(int level) {
    if (level < 0 || level > 5) {
      throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
          "--verbosity must be 0 (off), 1 (debug), 2 (info), 3 (warning), 4 (error) or 5 (critical), not "
              + level);
    }
    this.level = level;
    apply();
  }

  /** Sets the root logger's level. */
  public void apply() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(toLevel(level));
  }

  static Level toLevel(int verbosity) {
    switch (verbosity) {
      case 0:
        return Level.OFF;
      case 1:
        return Level.DEBUG;
      case 2:
        return Level.INFO;
      case 3:
        return Level.WARN;
      default:
        return Level.ERROR;
    }
  }
}
