package lts.app;

import lts.contracts.EventCode;
import picocli.CommandLine;

/**
 * Checks an {@code --event_code} option against the one rule of {@link EventCode}: a code the
 * parser would refuse is a usage error (exit 2) that says what to give instead, never a listener
 * that runs and sends every frame to the errors topic. Blank (an empty environment variable) is no
 * code: the command's default applies.
 */
final class EventCodeConverter implements CommandLine.ITypeConverter<String> {

  @Override
  public String convert(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String problem = EventCode.problem(value);
    if (problem != null) {
      throw new CommandLine.TypeConversionException(problem);
    }
    return value;
  }
}
