package lts.core.event;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The names of the event types in the JSON contract ({@code type} field), one per record. */
public final class EventTypes {

  /** Every event record, in the order of {@link RaceEvent}'s permits clause. */
  public static final List<Class<? extends RaceEvent>> ALL = List.of(
      SessionStarted.class, SessionResumed.class, SessionInfoChanged.class,
      CompetitorRegistered.class, DriverOnTrack.class, LapCompleted.class,
      LapCountCorrected.class, LastLapShown.class, BestLap.class, PositionChanged.class,
      GapChanged.class, IntervalChanged.class, PitIn.class, PitOut.class,
      PitCountChanged.class, RemainingTime.class, LightChanged.class,
      RaceControlMessage.class, UnparsedLine.class);

  private static final Map<Class<?>, String> NAMES = ALL.stream()
      .collect(Collectors.toUnmodifiableMap(Function.identity(), c -> snake(c.getSimpleName())));

  private EventTypes() {
  }

  /** Snake-case name of an event class: {@code LapCompleted} → {@code lap_completed}. */
  public static String nameOf(Class<?> type) {
    String name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException("not a race event type: " + type.getName());
    }
    return name;
  }

  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
