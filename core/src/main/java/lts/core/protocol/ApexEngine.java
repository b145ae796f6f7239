package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import lts.core.event.BestLap;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
import lts.core.event.Gap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceControlMessage;
import lts.core.event.RaceEvent;
import lts.core.event.RemainingTime;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.event.UnparsedLine;
import lts.core.standings.TeamStanding;

/**
 * The Apex Timing protocol engine of one feed: websocket frames in, typed {@link RaceEvent}s out.
 *
 * <p>Stateful (grid layout, rows, lap counters, the running session) and deterministic: the same
 * frames in the same order give the same events with the same ids. It never throws on input: junk
 * frames, unknown keys, cut grids and unreadable values become {@link UnparsedLine} events and
 * {@link FeedStats} counters. Not thread-safe: one engine per feed, fed from one thread.
 *
 * <p>Laps: Apex updates the laps cell ({@code tlp}) and the last-lap cell ({@code llp}) of a row in
 * either order, sometimes in separate frames; the engine pairs the two halves of a lap and emits
 * one {@link LapCompleted}. A half left alone for {@value #PENDING_TIMEOUT_MS} ms of feed time (or
 * at {@link #finish}) is emitted on its own. Sessions without a laps column derive lap numbers
 * from the last-lap updates, re-anchored on the leader's gap text; see docs/LAPS.md.
 */
public final class ApexEngine {

  /** How long (feed time) one half of a lap waits for the other before it is emitted alone. */
  public static final long PENDING_TIMEOUT_MS = 10_000;

  private static final int MAX_LINE_IN_EVENT = 200;

  private final String eventCode;

  private long frameNo;
  private int eventIndex;
  private long at;
  private Consumer<? super RaceEvent> out;

  private int sessionCounter;
  private Session current;
  private Session lastReal;
  private Snapshot snapshot;

  private long framesRead;
  private long lines;
  private long events;
  private long junkFrames;
  private long invalidText;
  private long notALine;
  private long unknownKeys;
  private long unknownRows;
  private long unknownColumns;
  private long badValues;
  private long badGrids;
  private long ignoredLines;
  private long lapsWithoutTime;
  private long leaderGapChecks;
  private long leaderGapMismatches;
  private long derivedLapCorrections;

  /** An engine for the feed {@code eventCode} (used in every event and id). */
  public ApexEngine(String eventCode) {
    this.eventCode = Objects.requireNonNull(eventCode, "eventCode");
  }

  /** Reads one frame received at {@code at} (epoch ms) and returns the events it produced. */
  public List<RaceEvent> accept(long at, String frame) {
    List<RaceEvent> list = new ArrayList<>();
    accept(at, frame, list::add);
    return list;
  }

  /** Reads one frame received at {@code at} (epoch ms); events go to {@code sink}, in order. */
  public void accept(long at, String frame, Consumer<? super RaceEvent> sink) {
    this.out = sink;
    this.at = at;
    this.frameNo++;
    this.framesRead++;
    this.eventIndex = 0;
    try {
      if (current != null && current.pendingRows > 0) {
        flushExpired();
      }
      if (frame != null) {
        readFrame(frame);
      }
      if (snapshot != null) {
        resolveSnapshot();
      }
    } finally {
      this.out = null;
    }
  }

  /** Emits what still waits for its other half (end of a recording): laps without time, lone lap times. */
  public void finish(Consumer<? super RaceEvent> sink) {
    this.out = sink;
    this.frameNo++;
    this.eventIndex = 0;
    try {
      if (current != null) {
        flushAll(current);
      }
    } finally {
      this.out = null;
    }
  }

  /** Counters so far. */
  public FeedStats stats() {
    return new FeedStats(framesRead, lines, events, junkFrames, invalidText, notALine, unknownKeys,
        unknownRows, unknownColumns, badValues, badGrids, ignoredLines, lapsWithoutTime,
        leaderGapChecks, leaderGapMismatches, derivedLapCorrections);
  }

  /** The feed this engine reads. */
  public String eventCode() {
    return eventCode;
  }

  /** The running session's number (0 before any). */
  public int session() {
    return current == null ? 0 : current.number;
  }

  /**
   * The engine's own view of the running session's rows, in grid order (for consistency checks:
   * after {@link #finish}, folding the emitted events gives the same).
   */
  public List<TeamStanding> standings() {
    List<TeamStanding> list = new ArrayList<>();
    if (current != null) {
      for (int i = 0; i < current.size; i++) {
        Competitor c = current.comps[i];
        list.add(new TeamStanding(c.rowId, c.number, c.name, c.driver,
            c.position < 0 ? null : c.position, c.laps < 0 ? null : c.laps,
            c.lastMs < 0 ? null : c.lastMs, c.bestMs < 0 ? null : c.bestMs,
            c.pits < 0 ? null : c.pits, c.inPit == TRUE));
      }
    }
    return list;
  }

  // ---------------------------------------------------------------------------------------------
  // Frames and lines

  private void readFrame(String f) {
    int len = f.length();
    int ls = 0;
    boolean first = true;
    while (ls < len) {
      int le = f.indexOf('\n', ls);
      if (le < 0) {
        le = len;
      }
      int end = le;
      if (end > ls && f.charAt(end - 1) == '\r') {
        end--;
      }
      if (end > ls) {
        if (first) {
          first = false;
          if (!looksLikeLine(f, ls, end)) {
            junkFrames++;
            if (f.indexOf('\uFFFD') >= 0) {
              invalidText++;
            }
            emitUnparsed("junk_frame", f, 0, len);
            return;
          }
        }
        lines++;
        readLine(f, ls, end);
      }
      ls = le + 1;
    }
  }

  private static boolean looksLikeLine(String f, int ls, int le) {
    int p1 = f.indexOf('|', ls);
    if (p1 <= ls || p1 >= le) {
      return false;
    }
    int p2 = f.indexOf('|', p1 + 1);
    if (p2 < 0 || p2 >= le) {
      return false;
    }
    for (int i = ls; i < p1; i++) {
      char c = f.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private void readLine(String f, int ls, int le) {
    int p1 = f.indexOf('|', ls);
    int p2 = p1 < 0 || p1 >= le ? -1 : f.indexOf('|', p1 + 1);
    if (p1 <= ls || p2 < 0 || p2 >= le) {
      notALine++;
      emitUnparsed("not_a_line", f, ls, le);
      return;
    }
    char k0 = f.charAt(ls);
    if (k0 == 'r' && ls + 1 < p1 && isDigit(f.charAt(ls + 1))) {
      readRowLine(f, ls, p1, p2, le);
    } else {
      readSessionLine(f, ls, p1, p2, le);
    }
  }

  private void readRowLine(String f, int ls, int p1, int p2, int le) {
    long id = 0;
    int i = ls + 1;
    while (i < p1 && isDigit(f.charAt(i)) && id <= Integer.MAX_VALUE) {
      id = id * 10 + (f.charAt(i) - '0');
      i++;
    }
    if (id > Integer.MAX_VALUE) {
      unknownRows++;
      emitUnparsed("unknown_row", f, ls, le);
      return;
    }
    Competitor c = current == null ? null : current.find((int) id);
    if (i == p1) {
      readRowCommand(c, f, ls, p1, p2, le);
      return;
    }
    if (f.charAt(i) != 'c') {
      unknownKeys++;
      emitUnparsed("unknown_key", f, ls, le);
      return;
    }
    int column = TimeText.parseCount(f, i + 1, p1);
    if (column < 0) {
      unknownKeys++;
      emitUnparsed("unknown_key", f, ls, le);
      return;
    }
    if (c == null) {
      unknownRows++;
      emitUnparsed("unknown_row", f, ls, le);
      return;
    }
    ColumnType type = current.column(column);
    if (type == null) {
      unknownColumns++;
      emitUnparsed("unknown_column", f, ls, le);
      return;
    }
    readCell(c, type, f, ls, p1, p2, le);
  }

  private void readRowCommand(Competitor c, String f, int ls, int p1, int p2, int le) {
    int paramLen = p2 - p1 - 1;
    char a = paramLen > 0 ? f.charAt(p1 + 1) : 0;
    if (paramLen == 1 && a == '#') {
      if (c == null) {
        unknownRows++;
        emitUnparsed("unknown_row", f, ls, le);
        return;
      }
      int pos = TimeText.parseCount(f, p2 + 1, le);
      if (pos < 0) {
        badValues++;
        emitUnparsed("bad_value", f, ls, le);
      } else if (pos != c.position) {
        c.position = pos;
        emit(new PositionChanged(nextId(), eventCode, current.number, at, c.rowId, pos));
      }
      return;
    }
    if (a != '*') {
      unknownKeys++;
      emitUnparsed("unknown_key", f, ls, le);
      return;
    }
    if (paramLen == 3 && f.startsWith("*in", p1 + 1)) {
      if (c == null) {
        unknownRows++;
        emitUnparsed("unknown_row", f, ls, le);
      } else if (c.inPit != TRUE) {
        c.inPit = TRUE;
        c.pitClockMs = -1;
        emit(new PitIn(nextId(), eventCode, current.number, at, c.rowId));
      }
      return;
    }
    if (paramLen == 4 && f.startsWith("*out", p1 + 1)) {
      if (c == null) {
        unknownRows++;
        emitUnparsed("unknown_row", f, ls, le);
      } else if (c.inPit != FALSE) {
        pitOut(c);
      }
      return;
    }
    // rX|*|MS|MS2 crossings and rX|*i1|, rX|*i2| intermediates: animation hints only
    ignoredLines++;
  }

  private void pitOut(Competitor c) {
    c.inPit = FALSE;
    Long clock = c.pitClockMs < 0 ? null : c.pitClockMs;
    c.pitClockMs = -1;
    emit(new PitOut(nextId(), eventCode, current.number, at, c.rowId, clock));
  }

  private void readCell(Competitor c, ColumnType type, String f, int ls, int p1, int p2, int le) {
    int vs = p2 + 1;
    switch (type) {
      case NAME:
        nameCell(c, f, p1, p2, vs, le);
        return;
      case LAPS:
        lapsCell(c, f, ls, vs, le);
        return;
      case LAST_LAP:
        lastLapCell(c, f, vs, le);
        return;
      case BEST_LAP: {
        long ms = TimeText.parseMs(f, vs, le);
        if (ms != c.bestMs) {
          c.bestMs = ms;
          emit(new BestLap(nextId(), eventCode, current.number, at, c.rowId, ms < 0 ? null : ms));
        }
        return;
      }
      case GAP: {
        boolean changed = le - vs != c.gapText.length()
            || !f.regionMatches(vs, c.gapText, 0, c.gapText.length());
        if (changed) {
          c.gapText = f.substring(vs, le);
          c.gap = GapText.parse(c.gapText);
          emit(new GapChanged(nextId(), eventCode, current.number, at, c.rowId, c.gap));
        }
        if (changed || !current.hasLapsColumn) {
          crossCheckLaps(c, c.gap);
        }
        return;
      }
      case INTERVAL:
        if (!f.regionMatches(vs, c.intervalText, 0, c.intervalText.length())
            || le - vs != c.intervalText.length()) {
          c.intervalText = f.substring(vs, le);
          emit(new IntervalChanged(nextId(), eventCode, current.number, at, c.rowId,
              GapText.parse(c.intervalText)));
        }
        return;
      case PIT_CLOCK:
        if (p2 - p1 == 3 && f.charAt(p1 + 1) == 't' && f.charAt(p1 + 2) == 'o') {
          c.pitClockMs = TimeText.parseMs(f, vs, le);
        }
        return;
      case PITS: {
        int pits = TimeText.parseCount(f, vs, le);
        if (pits < 0) {
          if (le > vs) {
            badValues++;
            emitUnparsed("bad_value", f, ls, le);
          } else if (c.pits >= 0) {
            c.pits = -1;
            emit(new PitCountChanged(nextId(), eventCode, current.number, at, c.rowId, null));
          }
        } else if (pits != c.pits) {
          c.pits = pits;
          emit(new PitCountChanged(nextId(), eventCode, current.number, at, c.rowId, pits));
        }
        return;
      }
      case NUMBER: {
        int n = le - vs;
        if (c.number == null || c.number.length() != n || !f.regionMatches(vs, c.number, 0, n)) {
          c.number = HtmlText.decode(f.substring(vs, le)).trim();
          register(c);
        }
        return;
      }
      default:
        // rank (mirrors rX|#|), status, group, nationality, sectors, penalty: display only
        ignoredLines++;
    }
  }

  private void nameCell(Competitor c, String f, int p1, int p2, int vs, int le) {
    if (p2 > p1 + 1) {
      c.nameCellShowsDriver = p2 - p1 - 1 == 6 && f.startsWith("drteam", p1 + 1);
    }
    if (c.nameCellShowsDriver) {
      // NAME [h:mm]: compare in place, the same text comes back every ~30 s
      if (c.driverText != null && c.driverText.length() == le - vs
          && f.regionMatches(vs, c.driverText, 0, le - vs)) {
        return;
      }
      setDriver(c, f.substring(vs, le));
    } else {
      if (c.name != null && c.nameRaw != null && c.nameRaw.length() == le - vs
          && f.regionMatches(vs, c.nameRaw, 0, le - vs)) {
        return;
      }
      c.nameRaw = f.substring(vs, le);
      String name = HtmlText.decode(c.nameRaw).trim();
      if (!name.equals(c.name)) {
        c.name = name;
        register(c);
      }
    }
  }

  private void setDriver(Competitor c, String text) {
    c.driverText = text;
    String decoded = HtmlText.decode(text).trim();
    String driver = decoded;
    long minutes = -1;
    int open = decoded.lastIndexOf('[');
    if (open >= 0 && decoded.endsWith("]")) {
      long t = TimeText.parseMs(decoded, open + 1, decoded.length() - 1);
      if (t >= 0) {
        // [h:mm] reads as m:ss: scale to hours and minutes
        minutes = t / 1000;
        driver = decoded.substring(0, open).trim();
      }
    }
    if (!driver.equals(c.driver) || minutes != c.driverMinutes) {
      c.driver = driver;
      c.driverMinutes = minutes;
      emit(new DriverOnTrack(nextId(), eventCode, current.number, at, c.rowId, driver,
          minutes < 0 ? null : minutes * 60_000L));
    }
  }

  private void register(Competitor c) {
    emit(new CompetitorRegistered(nextId(), eventCode, current.number, at, c.rowId, c.number,
        c.name));
  }

  // ---------------------------------------------------------------------------------------------
  // Laps

  private void lapsCell(Competitor c, String f, int ls, int vs, int le) {
    int laps = TimeText.parseCount(f, vs, le);
    if (laps < 0) {
      if (le > vs) {
        badValues++;
        emitUnparsed("bad_value", f, ls, le);
      } else if (c.laps >= 0) {
        flush(c);
        Integer from = c.laps;
        c.laps = -1;
        emit(new LapCountCorrected(nextId(), eventCode, current.number, at, c.rowId, from, null,
            "feed"));
      }
      return;
    }
    if (laps == c.laps) {
      return;
    }
    if (laps == c.laps + 1 || (c.laps < 0 && laps == 1)) {
      c.laps = laps;
      if (c.pendingTimeMs != NONE) {
        long ms = c.pendingTimeMs;
        clearPendingTime(c);
        lapCompleted(c, laps, ms, false);
      } else {
        if (c.pendingLap >= 0) {
          flushPendingLap(c);
        }
        c.pendingLap = laps;
        c.pendingLapSince = at;
        markPending(c);
      }
      return;
    }
    flush(c);
    Integer from = c.laps < 0 ? null : c.laps;
    c.laps = laps;
    emit(new LapCountCorrected(nextId(), eventCode, current.number, at, c.rowId, from, laps,
        "feed"));
  }

  private void lastLapCell(Competitor c, String f, int vs, int le) {
    int n = le - vs;
    if (c.lastText.length() == n && f.regionMatches(vs, c.lastText, 0, n)) {
      return; // same time, only its class changed (personal / overall best moved)
    }
    c.lastText = f.substring(vs, le);
    long ms = TimeText.parseMs(f, vs, le);
    c.lastMs = ms;
    if (ms < 0) {
      flush(c);
      emit(new LastLapShown(nextId(), eventCode, current.number, at, c.rowId, null));
      return;
    }
    if (!current.hasLapsColumn) {
      if (c.laps >= 0) {
        c.laps++;
        lapCompleted(c, c.laps, ms, true);
      } else {
        emit(new LastLapShown(nextId(), eventCode, current.number, at, c.rowId, ms));
      }
      return;
    }
    if (c.pendingLap >= 0) {
      int lap = c.pendingLap;
      clearPendingLap(c);
      lapCompleted(c, lap, ms, false);
      return;
    }
    if (c.pendingTimeMs != NONE) {
      flushPendingTime(c);
    }
    c.pendingTimeMs = ms;
    c.pendingTimeSince = at;
    markPending(c);
  }

  private void lapCompleted(Competitor c, int lap, long ms, boolean derived) {
    emit(new LapCompleted(nextId(), eventCode, current.number, at, c.rowId, lap,
        ms < 0 ? null : ms, c.driver, derived));
  }

  /** Leader's {@code Tour N} and the lap gaps of the others: check, and anchor derived counts. */
  private void crossCheckLaps(Competitor c, Gap gap) {
    Session s = current;
    if (gap.kind() == Gap.Kind.LEADER) {
      int n = gap.laps();
      s.leaderLaps = n;
      leaderGapChecks++;
      if (c.laps != n) {
        leaderGapMismatches++;
        if (!s.hasLapsColumn) {
          correctDerived(c, n, "leader_gap");
        }
      }
      return;
    }
    if (s.hasLapsColumn || s.leaderLaps < 0) {
      return;
    }
    int behind;
    if (gap.kind() == Gap.Kind.LAPS) {
      behind = gap.laps();
    } else if (gap.kind() == Gap.Kind.TIME) {
      behind = 0;
    } else {
      return;
    }
    // when a row's gap updates, it is 'behind' laps (or one more) down on the leader
    int hi = s.leaderLaps - behind;
    int lo = hi - 1;
    if (hi < 0) {
      return;
    }
    if (c.laps < 0) {
      correctDerived(c, hi, "gap_check");
    } else if (c.laps > hi) {
      correctDerived(c, hi, "gap_check");
    } else if (c.laps < lo) {
      correctDerived(c, Math.max(lo, 0), "gap_check");
    }
  }

  private void correctDerived(Competitor c, int laps, String reason) {
    derivedLapCorrections++;
    Integer from = c.laps < 0 ? null : c.laps;
    c.laps = laps;
    emit(new LapCountCorrected(nextId(), eventCode, current.number, at, c.rowId, from, laps,
        reason));
  }

  private void markPending(Competitor c) {
    if (!c.pending) {
      c.pending = true;
      current.pendingRows++;
    }
  }

  private void clearPendingLap(Competitor c) {
    c.pendingLap = -1;
    unmarkIfIdle(c);
  }

  private void clearPendingTime(Competitor c) {
    c.pendingTimeMs = NONE;
    unmarkIfIdle(c);
  }

  private void unmarkIfIdle(Competitor c) {
    if (c.pending && c.pendingLap < 0 && c.pendingTimeMs == NONE) {
      c.pending = false;
      current.pendingRows--;
    }
  }

  private void flushPendingLap(Competitor c) {
    int lap = c.pendingLap;
    clearPendingLap(c);
    lapsWithoutTime++;
    emit(new LapCompleted(nextId(), eventCode, current.number, at, c.rowId, lap, null, c.driver,
        false));
  }

  private void flushPendingTime(Competitor c) {
    long ms = c.pendingTimeMs;
    clearPendingTime(c);
    emit(new LastLapShown(nextId(), eventCode, current.number, at, c.rowId, ms));
  }

  private void flush(Competitor c) {
    if (c.pendingLap >= 0) {
      flushPendingLap(c);
    }
    if (c.pendingTimeMs != NONE) {
      flushPendingTime(c);
    }
  }

  private void flushExpired() {
    Session s = current;
    for (int i = 0; i < s.size && s.pendingRows > 0; i++) {
      Competitor c = s.comps[i];
      if (c.pendingLap >= 0 && at - c.pendingLapSince >= PENDING_TIMEOUT_MS) {
        flushPendingLap(c);
      }
      if (c.pendingTimeMs != NONE && at - c.pendingTimeSince >= PENDING_TIMEOUT_MS) {
        flushPendingTime(c);
      }
    }
  }

  private void flushAll(Session s) {
    for (int i = 0; i < s.size && s.pendingRows > 0; i++) {
      flush(s.comps[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Session lines and snapshots

  private void readSessionLine(String f, int ls, int p1, int p2, int le) {
    String key = f.substring(ls, p1);
    switch (key) {
      case "init": {
        SessionKind kind = sessionKind(f, p1, p2);
        if (kind == null) {
          unknownKeys++;
          emitUnparsed("unknown_key", f, ls, le);
          return;
        }
        if (snapshot != null) {
          resolveSnapshot();
        }
        snapshot = new Snapshot(kind);
        return;
      }
      case "title1":
      case "title2":
      case "track":
        sessionText(key, HtmlText.decode(f.substring(p2 + 1, le)).trim());
        return;
      case "grid":
        grid(f.substring(p2 + 1, le));
        return;
      case "dyn1":
        clock(f, ls, p1, p2, le);
        return;
      case "light": {
        Light light = Light.fromCode(f.substring(p1 + 1, p2));
        if (light == null) {
          badValues++;
          emitUnparsed("bad_value", f, ls, le);
        } else if (snapshot != null) {
          snapshot.light = light;
        } else if (current != null && current.light != light) {
          current.light = light;
          emit(new LightChanged(nextId(), eventCode, current.number, at, light));
        }
        return;
      }
      case "com":
        message("com", HtmlText.strip(f.substring(p2 + 1, le)));
        return;
      case "msg":
        message("msg", HtmlText.decode(f.substring(p2 + 1, le)).trim());
        return;
      case "css":
      case "best":
      case "effects":
      case "comments":
      case "wth1":
      case "wth2":
      case "wth3":
        ignoredLines++;
        return;
      default:
        unknownKeys++;
        emitUnparsed("unknown_key", f, ls, le);
    }
  }

  private static SessionKind sessionKind(String f, int p1, int p2) {
    if (p2 - p1 != 2) {
      return null;
    }
    switch (f.charAt(p1 + 1)) {
      case 'r':
        return SessionKind.RACE;
      case 'p':
        return SessionKind.PRACTICE;
      case 'n':
        return SessionKind.NONE;
      default:
        return null;
    }
  }

  private void sessionText(String key, String text) {
    if (snapshot != null) {
      snapshot.text(key, text);
      return;
    }
    if (current == null) {
      return;
    }
    String t1 = current.title1;
    String t2 = current.title2;
    String tr = current.track;
    if ("title1".equals(key)) {
      t1 = text;
    } else if ("title2".equals(key)) {
      t2 = text;
    } else {
      tr = text;
    }
    if (!t1.equals(current.title1) || !t2.equals(current.title2) || !tr.equals(current.track)) {
      current.title1 = t1;
      current.title2 = t2;
      current.track = tr;
      emit(new SessionInfoChanged(nextId(), eventCode, current.number, at, t1, t2, tr));
    }
  }

  private void clock(String f, int ls, int p1, int p2, int le) {
    String param = f.substring(p1 + 1, p2);
    RemainingTime.Clock kind;
    switch (param) {
      case "countdown":
        kind = RemainingTime.Clock.COUNTDOWN;
        break;
      case "count":
        kind = RemainingTime.Clock.ELAPSED;
        break;
      case "text":
        kind = RemainingTime.Clock.TEXT;
        break;
      default:
        unknownKeys++;
        emitUnparsed("unknown_key", f, ls, le);
        return;
    }
    String text = f.substring(p2 + 1, le);
    Long ms;
    if (kind == RemainingTime.Clock.TEXT) {
      long t = TimeText.parseMs(text);
      ms = t < 0 ? null : t;
    } else if (text.isEmpty()) {
      ms = null; // clock blanked (session over or not started)
    } else {
      long t = parseLong(text);
      if (t < 0) {
        badValues++;
        emitUnparsed("bad_value", f, ls, le);
        return;
      }
      ms = t;
    }
    if (snapshot != null) {
      snapshot.clock = kind;
      snapshot.clockMs = ms;
      snapshot.clockText = text;
    } else {
      emit(new RemainingTime(nextId(), eventCode, current == null ? 0 : current.number, at, kind,
          ms, text));
    }
  }

  private void message(String channel, String text) {
    if (snapshot != null) {
      if ("com".equals(channel)) {
        snapshot.com = text;
      } else {
        snapshot.msg = text;
      }
      return;
    }
    if (current == null) {
      return;
    }
    postMessage(channel, text);
  }

  private void postMessage(String channel, String text) {
    boolean com = "com".equals(channel);
    String last = com ? current.com : current.msg;
    if (text.equals(last)) {
      return;
    }
    if (com) {
      current.com = text;
    } else {
      current.msg = text;
    }
    if (!text.isEmpty()) {
      emit(new RaceControlMessage(nextId(), eventCode, current.number, at, channel, text));
    }
  }

  private void grid(String html) {
    Grid grid = GridHtml.parse(html);
    if (!grid.complete() || grid.columns().isEmpty()) {
      badGrids++;
      emitUnparsed("bad_grid", html, 0, html.length());
      if (grid.columns().isEmpty()) {
        return;
      }
    }
    if (snapshot == null) {
      // a grid outside an init frame: a re-snapshot of what is running
      if (current == null) {
        snapshot = new Snapshot(SessionKind.NONE);
      } else {
        snapshot = new Snapshot(current.kind);
        snapshot.title1 = current.title1;
        snapshot.title2 = current.title2;
        snapshot.track = current.track;
      }
    }
    snapshot.grid = grid;
    resolveSnapshot();
  }

  private void resolveSnapshot() {
    Snapshot s = snapshot;
    snapshot = null;
    if (current != null) {
      flushAll(current);
    }
    boolean empty = s.grid == null || s.grid.rows().isEmpty();
    if (s.kind == SessionKind.NONE && empty) {
      if (current == null || current.kind != SessionKind.NONE) {
        current = new Session(++sessionCounter, s);
        emit(new SessionStarted(nextId(), eventCode, current.number, at, s.kind, current.title1,
            current.title2, current.track));
      }
    } else if (lastReal != null && s.kind != SessionKind.NONE && lastReal.matches(s)) {
      current = lastReal;
      current.title1 = s.title1;
      current.title2 = s.title2;
      current.track = s.track;
      emit(new SessionResumed(nextId(), eventCode, current.number, at, s.kind, s.title1, s.title2,
          s.track));
      applyGrid(s.grid, "resnapshot");
    } else {
      current = new Session(++sessionCounter, s);
      if (s.kind != SessionKind.NONE) {
        lastReal = current;
      }
      emit(new SessionStarted(nextId(), eventCode, current.number, at, s.kind, current.title1,
          current.title2, current.track));
      applyGrid(s.grid, "snapshot");
    }
    if (s.light != null && s.light != current.light) {
      current.light = s.light;
      emit(new LightChanged(nextId(), eventCode, current.number, at, s.light));
    }
    if (s.clock != null) {
      emit(new RemainingTime(nextId(), eventCode, current.number, at, s.clock, s.clockMs,
          s.clockText));
    }
    if (s.com != null) {
      postMessage("com", s.com);
    }
    if (s.msg != null) {
      postMessage("msg", s.msg);
    }
  }

  private void applyGrid(Grid grid, String reason) {
    if (grid == null) {
      return;
    }
    Session s = current;
    s.setColumns(grid.columns());
    int lapsCol = s.columnOf(ColumnType.LAPS);
    int lastCol = s.columnOf(ColumnType.LAST_LAP);
    boolean freshDerived = !s.hasLapsColumn;
    if (freshDerived && lastCol >= 0) {
      for (Grid.Row row : grid.rows()) {
        Grid.Cell cell = row.cells().get(lastCol);
        if (cell != null && !cell.text().isBlank()) {
          freshDerived = false;
          break;
        }
      }
    }
    for (Grid.Row row : grid.rows()) {
      Competitor c = s.find(row.rowId());
      boolean isNew = c == null;
      if (isNew) {
        c = s.add(row.rowId());
      }
      Map<Integer, Grid.Cell> cells = row.cells();
      String number = text(cells, s.columnOf(ColumnType.NUMBER));
      Grid.Cell nameCell = cells.get(s.columnOf(ColumnType.NAME));
      boolean changed = isNew;
      if (number != null && !number.equals(c.number)) {
        c.number = number;
        changed = true;
      }
      String driverText = null;
      if (nameCell != null) {
        c.nameCellShowsDriver = "drteam".equals(nameCell.cssClass());
        if (c.nameCellShowsDriver) {
          driverText = nameCell.text();
        } else if (!nameCell.text().isBlank() && !nameCell.text().trim().equals(c.name)) {
          c.name = nameCell.text().trim();
          c.nameRaw = null;
          changed = true;
        }
      }
      if (changed) {
        register(c);
      }
      if (driverText != null && !driverText.equals(c.driverText)) {
        setDriver(c, driverText);
      }
      if (row.position() >= 0 && row.position() != c.position) {
        c.position = row.position();
        emit(new PositionChanged(nextId(), eventCode, s.number, at, c.rowId, c.position));
      }
      if (lapsCol >= 0) {
        int laps = TimeText.parseCount(orEmpty(text(cells, lapsCol)), 0,
            orEmpty(text(cells, lapsCol)).length());
        if (laps >= 0 && laps != c.laps) {
          Integer from = c.laps < 0 ? null : c.laps;
          c.laps = laps;
          emit(new LapCountCorrected(nextId(), eventCode, s.number, at, c.rowId, from, laps,
              reason));
        }
      } else if (isNew && freshDerived) {
        c.laps = 0;
        emit(new LapCountCorrected(nextId(), eventCode, s.number, at, c.rowId, null, 0, reason));
      }
      String last = text(cells, lastCol);
      if (last != null && !last.equals(c.lastText)) {
        c.lastText = last;
        long ms = TimeText.parseMs(last);
        c.lastMs = ms;
        if (!(isNew && ms < 0)) {
          emit(new LastLapShown(nextId(), eventCode, s.number, at, c.rowId, ms < 0 ? null : ms));
        }
      }
      String best = text(cells, s.columnOf(ColumnType.BEST_LAP));
      if (best != null) {
        long ms = TimeText.parseMs(best);
        if (ms != c.bestMs) {
          c.bestMs = ms;
          emit(new BestLap(nextId(), eventCode, s.number, at, c.rowId, ms < 0 ? null : ms));
        }
      }
      String gap = text(cells, s.columnOf(ColumnType.GAP));
      if (gap != null && !gap.equals(c.gapText)) {
        c.gapText = gap;
        c.gap = GapText.parse(gap);
        emit(new GapChanged(nextId(), eventCode, s.number, at, c.rowId, c.gap));
      }
      String interval = text(cells, s.columnOf(ColumnType.INTERVAL));
      if (interval != null && !interval.equals(c.intervalText)) {
        c.intervalText = interval;
        emit(new IntervalChanged(nextId(), eventCode, s.number, at, c.rowId,
            GapText.parse(interval)));
      }
      String pitsText = text(cells, s.columnOf(ColumnType.PITS));
      if (pitsText != null) {
        int pits = TimeText.parseCount(pitsText, 0, pitsText.length());
        if (pits >= 0 && pits != c.pits) {
          c.pits = pits;
          emit(new PitCountChanged(nextId(), eventCode, s.number, at, c.rowId, pits));
        }
      }
      Grid.Cell clock = cells.get(s.columnOf(ColumnType.PIT_CLOCK));
      if (clock != null) {
        boolean inPit = "to".equals(clock.cssClass());
        if (inPit) {
          c.pitClockMs = TimeText.parseMs(clock.text());
          if (c.inPit != TRUE) {
            c.inPit = TRUE;
            emit(new PitIn(nextId(), eventCode, s.number, at, c.rowId));
          }
        } else if (c.inPit == TRUE) {
          pitOut(c);
        } else {
          c.inPit = FALSE;
        }
      }
    }
  }

  private static String text(Map<Integer, Grid.Cell> cells, int column) {
    if (column < 0) {
      return null;
    }
    Grid.Cell cell = cells.get(column);
    return cell == null ? null : cell.text();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  // ---------------------------------------------------------------------------------------------
  // Emission

  private String nextId() {
    return eventCode + '/' + frameNo + '/' + (eventIndex++);
  }

  private void emit(RaceEvent event) {
    events++;
    out.accept(event);
  }

  private void emitUnparsed(String reason, String f, int from, int to) {
    int end = Math.min(to, from + MAX_LINE_IN_EVENT);
    emit(new UnparsedLine(nextId(), eventCode, current == null ? 0 : current.number, at, reason,
        f.substring(from, end)));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long parseLong(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // State

  private static final byte UNKNOWN = 0;
  private static final byte TRUE = 1;
  private static final byte FALSE = 2;
  private static final long NONE = Long.MIN_VALUE;

  /** What an {@code init} frame announced, collected until its grid arrives. */
  private static final class Snapshot {
    final SessionKind kind;
    String title1 = "";
    String title2 = "";
    String track = "";
    Light light;
    RemainingTime.Clock clock;
    Long clockMs;
    String clockText;
    String com;
    String msg;
    Grid grid;

    Snapshot(SessionKind kind) {
      this.kind = kind;
    }

    void text(String key, String value) {
      if ("title1".equals(key)) {
        title1 = value;
      } else if ("title2".equals(key)) {
        title2 = value;
      } else {
        track = value;
      }
    }
  }

  /** A session of the feed: its layout and competitors. */
  private static final class Session {
    final int number;
    final SessionKind kind;
    String title1;
    String title2;
    String track;
    Light light;
    String com = "";
    String msg = "";
    ColumnType[] columns = new ColumnType[0];
    int[] columnOf = new int[ColumnType.values().length];
    boolean hasLapsColumn;
    int leaderLaps = -1;
    int pendingRows;
    int[] ids = new int[32];
    Competitor[] comps = new Competitor[32];
    int size;
    int lastHit;

    Session(int number, Snapshot s) {
      this.number = number;
      this.kind = s.kind;
      this.title1 = s.title1;
      this.title2 = s.title2;
      this.track = s.track;
      java.util.Arrays.fill(columnOf, -1);
    }

    void setColumns(Map<Integer, ColumnType> map) {
      int max = 0;
      for (int k : map.keySet()) {
        max = Math.max(max, k);
      }
      columns = new ColumnType[max + 1];
      java.util.Arrays.fill(columnOf, -1);
      for (Map.Entry<Integer, ColumnType> e : map.entrySet()) {
        columns[e.getKey()] = e.getValue();
        if (columnOf[e.getValue().ordinal()] < 0) {
          columnOf[e.getValue().ordinal()] = e.getKey();
        }
      }
      hasLapsColumn = columnOf[ColumnType.LAPS.ordinal()] >= 0;
    }

    ColumnType column(int n) {
      return n < columns.length ? columns[n] : null;
    }

    int columnOf(ColumnType type) {
      return columnOf[type.ordinal()];
    }

    Competitor find(int id) {
      if (lastHit < size && ids[lastHit] == id) {
        return comps[lastHit];
      }
      for (int i = 0; i < size; i++) {
        if (ids[i] == id) {
          lastHit = i;
          return comps[i];
        }
      }
      return null;
    }

    Competitor add(int id) {
      if (size == ids.length) {
        ids = java.util.Arrays.copyOf(ids, size * 2);
        comps = java.util.Arrays.copyOf(comps, size * 2);
      }
      Competitor c = new Competitor(id);
      ids[size] = id;
      comps[size] = c;
      size++;
      return c;
    }

    /** Same session re-sent: same kind and titles, and mostly the same rows. */
    boolean matches(Snapshot s) {
      if (s.kind != kind || !s.title1.equals(title1) || !s.title2.equals(title2)) {
        return false;
      }
      if (s.grid == null || s.grid.rows().isEmpty() || size == 0) {
        return true;
      }
      int common = 0;
      for (Grid.Row row : s.grid.rows()) {
        if (find(row.rowId()) != null) {
          common++;
        }
      }
      return common * 2 >= Math.min(size, s.grid.rows().size());
    }
  }

  /** One grid row's state as the engine knows it. */
  private static final class Competitor {
    final int rowId;
    String number;
    String name;
    String nameRaw;
    boolean nameCellShowsDriver;
    String driver;
    String driverText;
    long driverMinutes = -1;
    int position = -1;
    int laps = -1;
    String lastText = "";
    long lastMs = -1;
    long bestMs = -1;
    int pits = -1;
    String gapText = "";
    Gap gap = Gap.NONE;
    String intervalText = "";
    byte inPit = UNKNOWN;
    long pitClockMs = -1;
    boolean pending;
    int pendingLap = -1;
    long pendingLapSince;
    long pendingTimeMs = NONE;
    long pendingTimeSince;

    Competitor(int rowId) {
      this.rowId = rowId;
    }
  }
}
