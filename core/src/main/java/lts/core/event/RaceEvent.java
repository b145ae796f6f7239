package lts.core.event;

/**
 * A typed fact read from the Apex Timing feed of one event (one websocket / one track).
 *
 * <p>Every event carries where it comes from: the {@link #eventCode() event code} (which feed),
 * the {@link #session() session} number inside that feed, the time of the frame that produced it
 * ({@link #at()}, epoch milliseconds) and a deterministic {@link #id() id}: the same frames fed in
 * the same order always give the same ids, so consumers can deduplicate a replay.
 */
public sealed interface RaceEvent
    permits SessionStarted, SessionResumed, SessionInfoChanged, CompetitorRegistered, DriverOnTrack,
        LapCompleted, LapCountCorrected, LastLapShown, BestLap, PositionChanged, GapChanged,
        IntervalChanged, PitIn, PitOut, PitCountChanged, RemainingTime, LightChanged,
        RaceControlMessage, UnparsedLine {

  /** Deterministic id: {@code <event code>/<frame number>/<index of the event in that frame>}. */
  String id();

  /** Which feed (track, event) this came from. */
  String eventCode();

  /** Session number inside the feed, from 1; 0 before the feed announced any session. */
  int session();

  /** Time of the frame that carried it, epoch milliseconds. */
  long at();

  /** Name of the event type in the JSON contract (snake case), e.g. {@code lap_completed}. */
  default String type() {
    return EventTypes.nameOf(getClass());
  }
}
