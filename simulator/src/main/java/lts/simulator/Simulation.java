package lts.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One run of the race model: a discrete-event simulation in feed time. Every state change is an
 * event in a time-ordered queue (ties broken by scheduling order, so runs are reproducible); each
 * event writes at most a few small frames, as the Apex server does. See docs/SIMULATOR.md.
 */
final class Simulation<X extends Exception> {

  // ---------------------------------------------------------------------------------------------
  // Model constants (documented in docs/SIMULATOR.md)

  /** 2026-06-01T08:00:00Z: the start of seed 0; seed s starts floorMod(s, 365) days later. */
  static final long EPOCH_MS = 1_780_300_800_000L;
  static final long DAY_MS = 86_400_000L;
  static final int TRACK_M = 1100;
  static final String TITLE2 = "CARRERA";
  static final String TRACK = "ADULTO (1100m)";

  static final long GREEN_DELAY_MS = 45_000;
  static final double BASE_LAP_MS = 64_600;
  static final double BASE_LAP_SPREAD_MS = 800;
  static final double KART_SIGMA_MS = 300;
  static final double TEAM_SIGMA_MS = 450;
  static final double DRIVER_SIGMA_MS = 150;
  static final double NOISE_SIGMA_MIN_MS = 140;
  static final double NOISE_SIGMA_SPREAD_MS = 200;
  static final double NOISE_EXP_MEAN_MS = 60;
  static final double OUTLIER_P = 0.015;
  static final double OUTLIER_MIN_MS = 2_000;
  static final double OUTLIER_MAX_MS = 10_000;
  static final double RUBBER_MS = 300;
  static final double RUBBER_TAU_MS = 3_600_000;
  static final double TEMP_AMP_MIN_MS = 1_600;
  static final double TEMP_AMP_MAX_MS = 2_400;
  static final double TEMP_PEAK_HOUR = 15;
  static final long LABEL_THRESHOLD_MS = 150;
  /** Cold tyres after a pit stop: the first full lap on the new kart is 2 s slower, then less. */
  static final double WARMUP_MS = 2_000;
  static final double WARMUP_DECAY = StrictMath.exp(-1);
  static final double START_LAP_EXTRA_MS = 2_500;
  static final double START_GRID_GAP_MS = 350;
  static final double IN_PORTION = 0.60;
  static final double OUT_PORTION = 0.36;
  static final double IN_LAP_EXTRA_MS = 300;
  static final double OUT_LAP_EXTRA_MS = 500;
  static final double PIT_EXTRA_MIN_MS = 300;
  static final double PIT_EXTRA_EXP_MS = 1_200;
  static final double PIT_PROBLEM_P = 0.03;
  static final double PIT_PROBLEM_MIN_MS = 10_000;
  static final double PIT_PROBLEM_MAX_MS = 90_000;
  static final double DUPLICATE_PIT_IN_P = 0.12;
  static final double YELLOW_FACTOR = 1.3;
  static final double SPLIT_LAP_P = 0.03;
  static final int MIN_STINT_LAPS = 3;
  /** Room for an outlier lap, the warm-up and noise when a rule looks one lap ahead. */
  static final long SAFETY_MS = 25_000;
  static final int COM_LOG_SIZE = 6;

  private static final int C_GRP = 1;
  private static final int C_STA = 2;
  private static final int C_RK = 3;
  private static final int C_NO = 4;
  private static final int C_DR = 5;
  private static final int C_TLP = 6;
  private static final int C_LLP = 7;
  private static final int C_GAP = 8;
  private static final int C_INT = 9;
  private static final int C_BLP = 10;
  private static final int C_OTR = 11;
  private static final int C_PEN = 12;
  private static final int C_PIT = 13;
  private static final int COLUMNS = 13;

  private static final int EV_CROSS = 1;
  private static final int EV_PIT_IN = 2;
  private static final int EV_PIT_OUT = 3;
  private static final int EV_PIT_TICK = 4;
  private static final int EV_TRACK_TICK = 5;
  private static final int EV_COUNTDOWN = 6;
  private static final int EV_DRIVERS = 7;
  private static final int EV_TEAM_NAMES = 8;
  private static final int EV_GREEN = 9;
  private static final int EV_YELLOW = 10;
  private static final int EV_YELLOW_END = 11;
  private static final int EV_PENALTY_MESSAGE = 12;
  private static final int EV_PENALTY = 13;
  private static final int EV_RECONNECT = 14;
  private static final int EV_JUNK = 15;

  /** Standings order: more laps first, then who reached that lap count first. */
  private static final Comparator<Team> BY_POSITION = (a, b) -> {
    if (a.laps != b.laps) {
      return a.laps > b.laps ? -1 : 1;
    }
    if (a.reachedAt != b.reachedAt) {
      return a.reachedAt < b.reachedAt ? -1 : 1;
    }
    return Integer.compare(a.gridPos, b.gridPos);
  };

  private static final List<String> PENALTY_REASONS = List.of(
      "POR GOLPEAR CON VIOLENCIA EL PULSADOR", "VELOCIDAD EN PIT", "NO RESPETAR BANDERA AMARILLA",
      "CONDUCCION ANTIDEPORTIVA", "NO RESPETAR ESPACIO DEL PILOTO");

  // ---------------------------------------------------------------------------------------------
  // Run state

  private final RaceSettings settings;
  private final FrameSink<X> sink;
  private final SplittableRandom events;

  private final long startAt;
  private final long greenAt;
  private final long durationMs;
  private final long yellowFrom;
  private final long yellowTo;
  private final long countdownEnd;
  private final long reconnectAt;
  private final long dropFrom;
  private final double baseLapMs;
  private final double tempAmpMs;
  private final String title1;

  private final long[] kartEffect;
  private final Team[] teams;
  private final Team[] gridOrder;
  private final Team[] order;
  private final int[] oldPositions;
  private final List<ArrayDeque<Integer>> rows;
  private final List<List<Integer>> initialRows = new ArrayList<>();

  private final PriorityQueue<Ev> queue = new PriorityQueue<>();
  private long seq;

  private final List<String> com = new ArrayList<>();
  private String light = "lr";
  private boolean flagOut;
  private long chequeredAt = -1;
  private int finished;
  private boolean ended;
  private long overallBestMs = -1;
  private Team bestHolder;

  private long frames;
  private long lines;
  private long lastFrameAt;
  private int junk;
  private int dropped;

  private final List<Truth.Stint> stints = new ArrayList<>();
  private final List<Truth.PitStop> pitStops = new ArrayList<>();
  private final List<Truth.Penalty> penalties = new ArrayList<>();

  private final StringBuilder sb = new StringBuilder(4096);

  Simulation(RaceSettings settings, FrameSink<X> sink) {
    this.settings = settings;
    this.sink = sink;
    SplittableRandom master = new SplittableRandom(settings.seed());
    SplittableRandom setup = master.split();
    this.events = master.split();

    durationMs = settings.durationMs();
    startAt = EPOCH_MS + Math.floorMod(settings.seed(), 365L) * DAY_MS;
    greenAt = startAt + GREEN_DELAY_MS;
    baseLapMs = BASE_LAP_MS + setup.nextDouble() * BASE_LAP_SPREAD_MS;
    tempAmpMs = TEMP_AMP_MIN_MS + setup.nextDouble() * (TEMP_AMP_MAX_MS - TEMP_AMP_MIN_MS);
    title1 = raceTitle(settings.hours());

    // the neutralised period: 30-70 % into the race, 5 % of it (1 to 8 minutes)
    long yellowLen = Math.max(60_000, Math.min(480_000, durationMs / 20));
    yellowFrom = greenAt + (long) (durationMs * (0.30 + 0.40 * setup.nextDouble()));
    yellowTo = yellowFrom + yellowLen;
    countdownEnd = greenAt + durationMs + yellowLen;

    // the reconnect: 25-80 % into the race, after 5 to 20 s without frames
    reconnectAt = greenAt + (long) (durationMs * (0.25 + 0.55 * setup.nextDouble()));
    dropFrom = reconnectAt - 5_000 - setup.nextInt(15_000);

    // karts: hidden effects; the first ones (shuffled) go to the teams, the rest to the rows
    int nk = settings.karts();
    kartEffect = new long[nk + 1];
    for (int k = 1; k <= nk; k++) {
      kartEffect[k] = Math.round(gauss(setup) * KART_SIGMA_MS);
    }
    int[] kartOrder = shuffledRange(1, nk, setup);

    // teams: numbers, names, drivers, grid
    int n = settings.teams();
    int rowBase = 10_000 + (int) Math.floorMod(settings.seed() * 7_919L, 80_000L);
    int[] numbers = shuffledRange(1, n + Math.max(2, n / 5), setup);
    int[] teamNumbers = Arrays.copyOf(numbers, n);
    Arrays.sort(teamNumbers);
    List<String> names = Names.teams(n, setup);
    Set<String> driverNames = new HashSet<>();
    teams = new Team[n];
    for (int i = 0; i < n; i++) {
      Team t = new Team(i, rowBase + i, Integer.toString(teamNumbers[i]), names.get(i),
          settings.driversPerTeam(), master.split());
      List<String> ds = Names.drivers(settings.driversPerTeam(), setup, driverNames);
      double teamLevel = gauss(setup) * TEAM_SIGMA_MS;
      for (int d = 0; d < ds.size(); d++) {
        t.driverNames[d] = ds.get(d);
        t.driverSkill[d] = Math.round(teamLevel + gauss(setup) * DRIVER_SIGMA_MS);
        double u = setup.nextDouble();
        t.driverNoise[d] = NOISE_SIGMA_MIN_MS + u * u * NOISE_SIGMA_SPREAD_MS;
      }
      t.kart = kartOrder[i];
      teams[i] = t;
    }
    int[] grid = shuffledRange(0, n - 1, setup);
    gridOrder = new Team[n];
    order = new Team[n];
    oldPositions = new int[n];
    for (int p = 0; p < n; p++) {
      Team t = teams[grid[p]];
      t.gridPos = p + 1;
      t.position = p + 1;
      t.reachedAt = p;
      gridOrder[p] = t;
      order[p] = t;
    }
    rows = new ArrayList<>();
    for (int r = 0; r < settings.pitRows(); r++) {
      rows.add(new ArrayDeque<>());
    }
    for (int i = n; i < nk; i++) {
      rows.get((i - n) % rows.size()).addLast(kartOrder[i]);
    }
    for (ArrayDeque<Integer> row : rows) {
      initialRows.add(List.copyOf(row));
    }
    for (Team t : teams) {
      planStints(t, setup);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Run

  Truth run() throws X {
    for (Team t : teams) {
      initialCells(t);
    }
    sb.setLength(0);
    snapshot(startAt);
    emit(startAt);

    schedule(startAt + 10_000, EV_TEAM_NAMES, null, 0, 0);
    schedule(startAt + 30_000, EV_DRIVERS, null, 0, 0);
    schedule(greenAt, EV_GREEN, null, 0, 0);
    schedule(greenAt + 30_000 + events.nextInt(400), EV_COUNTDOWN, null, 0, 0);
    schedule(yellowFrom, EV_YELLOW, null, 0, 0);
    schedule(yellowTo, EV_YELLOW_END, null, 0, 0);
    schedule(reconnectAt, EV_RECONNECT, null, 0, 0);

    Team punished = teams[events.nextInt(teams.length)];
    long penaltyAt = greenAt + (long) (durationMs * (0.35 + 0.40 * events.nextDouble()));
    int penaltyLaps = events.nextInt(4) == 0 ? 2 : 1;
    int reason = events.nextInt(PENALTY_REASONS.size());
    // (for these two events 'gen' carries the laps and 'arg' the reason)
    schedule(penaltyAt, EV_PENALTY_MESSAGE, punished, penaltyLaps, reason);
    schedule(penaltyAt + 3_000 + events.nextInt(15_000), EV_PENALTY, punished, penaltyLaps,
        reason);

    int junkCount = 2 + events.nextInt(3);
    for (int i = 0; i < junkCount; i++) {
      long at = startAt + (long) ((countdownEnd - startAt) * events.nextDouble());
      if (at >= dropFrom && at < reconnectAt) {
        at = reconnectAt + 1_000; // every junk frame injected is received
      }
      schedule(at, EV_JUNK, null, events.nextInt(1_000_000), 0);
    }

    Ev ev;
    while (!ended && (ev = queue.poll()) != null) {
      handle(ev);
    }
    return truth();
  }

  private void handle(Ev ev) throws X {
    Team t = ev.team;
    long at = ev.at;
    switch (ev.kind) {
      case EV_CROSS:
        cross(t, at);
        break;
      case EV_PIT_IN:
        pitIn(t, at);
        break;
      case EV_PIT_OUT:
        pitOut(t, at);
        break;
      case EV_PIT_TICK:
        pitTick(t, at, ev.gen, ev.arg);
        break;
      case EV_TRACK_TICK:
        trackTick(t, at, ev.gen, ev.arg);
        break;
      case EV_COUNTDOWN:
        countdown(at);
        break;
      case EV_DRIVERS:
        drivers(at);
        break;
      case EV_TEAM_NAMES:
        teamNames(at);
        break;
      case EV_GREEN:
        green(at);
        break;
      case EV_YELLOW:
        yellow(at);
        break;
      case EV_YELLOW_END:
        yellowEnd(at);
        break;
      case EV_PENALTY_MESSAGE:
        penaltyMessage(t, at, ev.gen, PENALTY_REASONS.get(ev.arg));
        break;
      case EV_PENALTY:
        penalty(t, at, ev.gen, PENALTY_REASONS.get(ev.arg));
        break;
      case EV_RECONNECT:
        sb.setLength(0);
        snapshot(at);
        emit(at);
        break;
      case EV_JUNK:
        junk(at, ev.gen);
        break;
      default:
        throw new IllegalStateException("event " + ev.kind);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Race control

  private void green(long at) throws X {
    light = "lg";
    addCom(at, "green", null, "Start");
    sb.setLength(0);
    sb.append("light|lg|\n");
    comLine();
    sb.append("dyn1|countdown|").append(durationMs).append('\n');
    emit(at);
    for (Team t : teams) {
      t.stintStart = at;
      t.prevCrossAt = at;
      double first = nominalLap(t, at) + START_LAP_EXTRA_MS
          + (t.gridPos - 1) * START_GRID_GAP_MS;
      schedule(advance(at, first), EV_CROSS, t, 0, 0);
      schedule(at + 60_000, EV_TRACK_TICK, t, t.gen, 1);
    }
  }

  private void countdown(long at) throws X {
    if (flagOut || ended) {
      return;
    }
    long remaining = remaining(at);
    if (remaining <= 0) {
      return;
    }
    if (!(at >= yellowFrom && at < yellowTo)) {
      sb.setLength(0);
      sb.append("dyn1|countdown|").append(remaining);
      emit(at);
    }
    schedule(at + 29_800 + events.nextInt(400), EV_COUNTDOWN, null, 0, 0);
  }

  private void yellow(long at) throws X {
    light = "ly";
    sb.setLength(0);
    sb.append("light|ly|\n");
    sb.append("dyn1|countdown|").append(remaining(at));
    emit(at);
  }

  private void yellowEnd(long at) throws X {
    for (Team t : teams) {
      if (!t.inPit) {
        replan(t, t.stintStart);
      }
    }
    light = "lg";
    addCom(at, "green", null, "Start");
    sb.setLength(0);
    sb.append("light|lg|\n");
    comLine();
    sb.append("dyn1|countdown|").append(remaining(at));
    emit(at);
  }

  private void penaltyMessage(Team t, long at, int laps, String reason) throws X {
    String text = "Penalizaci\u00f3n - " + reason + " - " + laps + (laps == 1 ? " Vuelta" : " Vueltas");
    addCom(at, "penalty", t.number, text);
    sb.setLength(0);
    comLine();
    emit(at);
    sb.setLength(0);
    sb.append("msg|msgp|N\u00ba.").append(t.number).append(' ').append(t.name).append(" : ")
        .append(text);
    emit(at);
  }

  private void penalty(Team t, long at, int laps, String reason) throws X {
    int down = Math.min(laps, t.laps);
    if (down <= 0 || t.finished) {
      return;
    }
    savePositions();
    t.laps -= down;
    sortPositions();
    sb.setLength(0);
    cell(t, C_PEN, "pena1", down + " Vta.");
    cell(t, C_TLP, "in", Integer.toString(t.laps));
    movedRows(null);
    emit(at);
    penalties.add(new Truth.Penalty(t.rowId, t.number, at, down, reason));
  }

  private void junk(long at, int variant) throws X {
    String ip = (51 + variant % 100) + "." + (68 + variant % 7) + "." + (170 + variant % 50)
        + "." + (variant % 250 + 1);
    String text;
    if (variant % 3 == 2) {
      text = "MGLNDD_" + ip + "_8090";
    } else {
      text = "GET / HTTP/1.1\r\nHost: " + ip + ":8090\r\nUser-Agent: "
          + (variant % 2 == 0 ? "Mozilla/5.0 zgrab/0.x" : "curl/7.64.1")
          + "\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n";
    }
    if (at >= dropFrom && at < reconnectAt) {
      dropped++;
      return;
    }
    junk++;
    frames++;
    lastFrameAt = at;
    sink.frame(at, text);
  }

  // ---------------------------------------------------------------------------------------------
  // Laps

  private void cross(Team x, long at) throws X {
    long lapMs = at - x.prevCrossAt;
    x.prevCrossAt = at;
    boolean pitLap = x.pitLap;
    x.pitLap = false;
    x.crossingsSinceOut++;
    x.laps++;
    if (x.laps >= x.crossAt.length) {
      x.crossAt = Arrays.copyOf(x.crossAt, x.crossAt.length * 2);
    }
    x.crossAt[x.laps] = at;
    x.reachedAt = at;
    int oldPos = x.position;
    savePositions();
    sortPositions();
    boolean finishing = flagOut || at >= countdownEnd && leadsOnTrack(x);
    boolean flagFrame = finishing && !flagOut;
    sb.setLength(0);
    if (flagFrame) {
      flagOut = true;
      chequeredAt = at;
      light = "lf";
      addCom(at, "chequered", null, "Llegada");
      sb.append("light|lf|\n");
      comLine();
    }
    boolean personalBest = !pitLap && (x.bestMs < 0 || lapMs < x.bestMs);
    boolean overallBest = personalBest && (overallBestMs < 0 || lapMs < overallBestMs);
    if (overallBest && bestHolder != null && bestHolder != x) {
      Team h = bestHolder;
      if (h.lastMs == h.bestMs) {
        cell(h, C_LLP, "ti", h.txt[C_LLP]);
      }
      cell(h, C_BLP, "in", h.txt[C_BLP]);
    }
    if (x.position == 1) {
      for (Team o : gridOrder) {
        String st = o.cls[C_STA];
        if (o != x && (st.equals("sr") || st.equals("su") || st.equals("sd") || st.equals("so"))) {
          cell(o, C_STA, "in", "");
        }
      }
    }
    cell(x, C_STA, finishing ? "sf" : x.position < oldPos ? "su" : x.position > oldPos ? "sd"
        : "sr", "");
    if (x.position != oldPos) {
      rank(x);
    }
    String laps = Integer.toString(x.laps);
    if (!finishing && x.rng.nextDouble() < SPLIT_LAP_P) {
      // Apex sometimes sends the laps cell alone, the rest of the crossing in the next frame
      cell(x, C_TLP, "in", laps);
      emit(at);
      sb.setLength(0);
    } else {
      cell(x, C_TLP, "in", laps);
    }
    cell(x, C_LLP, overallBest ? "tb" : personalBest ? "ti" : "tn", ApexText.time(lapMs));
    Team leader = order[0];
    if (x == leader) {
      setIfChanged(x, C_GAP, "in", "Vuelta " + x.laps);
      if (oldPos != 1) {
        setIfChanged(x, C_INT, "in", "");
      }
    } else {
      setIfChanged(x, C_GAP, "ib", behind(x, leader, at));
      setIfChanged(x, C_INT, "in", behind(x, order[x.position - 2], at));
    }
    if (personalBest) {
      x.bestMs = lapMs;
      cell(x, C_BLP, overallBest ? "tb" : "in", ApexText.time(lapMs));
    }
    x.lastMs = lapMs;
    if (pitLap && "to".equals(x.cls[C_OTR])) {
      cell(x, C_OTR, "in", "0:00");
    }
    movedRows(x);
    sb.append('r').append(x.rowId).append("|*|");
    if (!finishing) {
      sb.append(pitLap ? Math.round(typicalLap(x)) : lapMs);
    }
    sb.append("|\n");
    if (x.position != oldPos) {
      position(x);
    }
    if (overallBest) {
      overallBestMs = lapMs;
      bestHolder = x;
      sb.append("msg||Mejor vuelta : ").append(x.name).append(" - ").append(ApexText.time(lapMs))
          .append(" (").append(ApexText.speed(lapMs, TRACK_M)).append(" Km/h)\n");
    }
    emit(at);
    if (flagFrame) {
      sb.setLength(0);
      sb.append("dyn1|text|");
      emit(at);
    }
    if (finishing) {
      x.finished = true;
      endStint(x, at);
      finished++;
      if (finished == teams.length) {
        ended = true;
      }
      return;
    }
    if (shouldPit(x, at)) {
      x.pitLap = true;
      double in = nominalLap(x, at) * IN_PORTION + IN_LAP_EXTRA_MS;
      schedule(advance(at, in), EV_PIT_IN, x, x.gen, 0);
    } else {
      schedule(advance(at, nominalLap(x, at)), EV_CROSS, x, 0, 0);
    }
  }

  /** Gap text of {@code x} to {@code ahead} (which has at least as many laps) at {@code at}. */
  private static String behind(Team x, Team ahead, long at) {
    int down = ahead.laps - x.laps;
    if (down > 0) {
      return ApexText.lapsBehind(down);
    }
    long ref = x.laps < ahead.crossAt.length ? ahead.crossAt[x.laps] : at;
    return ApexText.time(Math.max(0, at - ref));
  }

  /** Status, rank and position lines of the rows (other than {@code except}) that moved. */
  private void movedRows(Team except) {
    for (Team y : gridOrder) {
      if (y != except && y.position != oldPositions[y.idx]) {
        if (!y.inPit && !y.finished) {
          cell(y, C_STA, y.position < oldPositions[y.idx] ? "su" : "sd", "");
        }
        rank(y);
      }
    }
    for (Team y : order) {
      if (y != except && y.position != oldPositions[y.idx]) {
        position(y);
      }
    }
  }

  private void savePositions() {
    for (Team t : teams) {
      oldPositions[t.idx] = t.position;
    }
  }

  private void sortPositions() {
    Arrays.sort(order, BY_POSITION);
    for (int p = 0; p < order.length; p++) {
      order[p].position = p + 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pit stops

  /**
   * The chequered flag goes to the first team crossing after the countdown with nobody ahead of it
   * in the standings still on track (a leader in the pit lane does not hold the flag back).
   */
  private boolean leadsOnTrack(Team x) {
    for (int p = 0; p < x.position - 1; p++) {
      if (!order[p].inPit) {
        return false;
      }
    }
    return true;
  }

  /**
   * At a crossing: is the lap starting now the pit lap? Rules first (stint limit, stops owed),
   * then the team's plan. A pit-in comes {@value #IN_PORTION} of a lap after the decision; the
   * next decision is one lap later, so the stint limit is checked against a slow lap
   * ({@link #safeLap}) with room for an outlier and the warm-up.
   */
  private boolean shouldPit(Team x, long at) {
    if (flagOut || at >= countdownEnd) {
      return false;
    }
    double lap = safeLap(x, at);
    long elapsed = at - x.stintStart;
    long remaining = countdownEnd - at;
    long maxStint = settings.maxStintMin() * 60_000L;
    int owed = settings.minPits() - x.pits;
    // the flag falls at most a lap after the countdown, this team sees it at most a lap later
    boolean reachesFlag = elapsed + remaining + 2 * lap + SAFETY_MS <= maxStint;
    if (owed <= 0 && reachesFlag) {
      return false;
    }
    if (elapsed + (1 + IN_PORTION) * lap + SAFETY_MS >= maxStint) {
      return true; // not stopping now would break the stint limit
    }
    if (!reachesFlag && at + lap >= countdownEnd) {
      return true; // the last chance to stop before the countdown ends
    }
    long pitMs = settings.pitTimeS() * 1000L;
    if (owed > 0 && x.crossingsSinceOut >= 1
        && remaining <= owed * (pitMs + 4 * lap) + 2 * lap) {
      return true; // the stops still owed would not fit later
    }
    if (x.crossingsSinceOut < MIN_STINT_LAPS) {
      return false;
    }
    if (x.pits < x.plannedStops) {
      // a planned stop, or an early one while the yellow makes it cheap
      return elapsed >= x.targets[x.pits]
          || x.yellowOpportunist && at >= yellowFrom && at < yellowTo;
    }
    return false;
  }

  /** A slow lap of {@code x} from {@code at} (warmest track, yellow if near), for the rules. */
  private double safeLap(Team x, long at) {
    double lap = baseLapMs + tempAmpMs + kartEffect[x.kart] + x.driverSkill[x.driver] + 500;
    if (at < yellowTo && yellowFrom - at < 3 * lap) {
      lap *= YELLOW_FACTOR;
    }
    return lap;
  }

  private void pitIn(Team x, long at) throws X {
    endStint(x, at);
    x.inPit = true;
    x.pits++;
    x.gen++;
    x.pitInAt = at;
    x.pitLapIn = x.laps;
    x.pitRow = events.nextInt(rows.size());
    x.pitKartLeft = x.kart;
    rows.get(x.pitRow).addLast(x.kart);
    double extra = PIT_EXTRA_MIN_MS + exponential(events, PIT_EXTRA_EXP_MS);
    if (events.nextDouble() < PIT_PROBLEM_P) {
      extra += PIT_PROBLEM_MIN_MS + events.nextDouble() * (PIT_PROBLEM_MAX_MS - PIT_PROBLEM_MIN_MS);
    }
    long pitOutAt = at + settings.pitTimeS() * 1000L + Math.round(extra);
    long ticks = (pitOutAt - at - 1) / 1000;
    x.duplicateTick = events.nextDouble() < DUPLICATE_PIT_IN_P && ticks > 2
        ? 1 + events.nextInt((int) Math.min(ticks - 1, Integer.MAX_VALUE)) : -1;
    x.pitOutAt = pitOutAt;
    sb.setLength(0);
    cell(x, C_STA, "si", "");
    cell(x, C_OTR, "to", ApexText.pitClock(0));
    cell(x, C_PIT, "in", Integer.toString(x.pits));
    sb.append('r').append(x.rowId).append("|*in|0\n");
    emit(at);
    if (at + 1000 < pitOutAt) {
      schedule(at + 1000, EV_PIT_TICK, x, x.gen, 1);
    }
    schedule(pitOutAt, EV_PIT_OUT, x, x.gen, 0);
  }

  private void pitTick(Team x, long at, int gen, int k) throws X {
    if (!x.inPit || x.gen != gen) {
      return;
    }
    sb.setLength(0);
    cell(x, C_OTR, "to", ApexText.pitClock(k));
    if (k == x.duplicateTick) {
      sb.append('r').append(x.rowId).append("|*in|0\n");
    }
    emit(at);
    long next = x.pitInAt + (k + 1) * 1000L;
    if (next < x.pitOutAt) {
      schedule(next, EV_PIT_TICK, x, gen, k + 1);
    }
  }

  private void pitOut(Team x, long at) throws X {
    String driverOut = x.driverNames[x.driver];
    Integer taken = rows.get(x.pitRow).pollFirst();
    if (taken == null) {
      throw new IllegalStateException("empty pit row " + (x.pitRow + 1));
    }
    x.kart = taken;
    x.stintNo++;
    x.driver = (x.stintNo - 1) % x.driverNames.length;
    x.inPit = false;
    x.gen++;
    x.stintStart = at;
    x.stintStartLap = x.laps;
    x.crossingsSinceOut = 0;
    pitStops.add(new Truth.PitStop(x.rowId, x.pits, x.pitLapIn, x.pitInAt, at, x.pitRow + 1,
        x.pitKartLeft, taken, driverOut, x.driverNames[x.driver]));
    sb.setLength(0);
    cell(x, C_STA, "so", "");
    cell(x, C_DR, "drteam", driverText(x, at));
    sb.append('r').append(x.rowId).append("|*out|0\n");
    emit(at);
    schedule(at + 60_000, EV_TRACK_TICK, x, x.gen, 1);
    replan(x, at);
    double out = nominalLap(x, at) * OUT_PORTION + OUT_LAP_EXTRA_MS;
    schedule(advance(at, out), EV_CROSS, x, 0, 0);
  }

  private void endStint(Team x, long at) {
    x.driverMs[x.driver] += at - x.stintStart;
    x.driverStints[x.driver]++;
    stints.add(new Truth.Stint(x.rowId, x.stintNo, x.driverNames[x.driver], x.kart, x.stintStart,
        at, x.stintStartLap, x.laps));
  }

  /**
   * A team's plan: how many stops and the stint length after which each planned stop is made.
   * Two strategies: even stints, or (most teams, as at Santos) stints run close to the limit with
   * the surplus mandatory stops made as short stints of a few minutes. The plan is only a wish:
   * {@link #shouldPit} enforces the stint limit and the minimum number of stops whatever it says.
   */
  private void planStints(Team t, SplittableRandom rng) {
    long pitMs = settings.pitTimeS() * 1000L;
    double lap = planLap();
    long maxStint = settings.maxStintMin() * 60_000L;
    long shortest = planShortest();
    long usable = planUsable();
    // stops the stint limit forces: (stops + 1) stints of at most 'usable' must cover the race,
    // stops >= (duration - usable) / (usable + pit), rounded up
    long forced = durationMs <= usable ? 0 : (durationMs + pitMs - 1) / (usable + pitMs);
    int stops = (int) Math.max(settings.minPits(), forced);
    t.plannedStops = stops;
    t.targets = new long[stops];
    t.yellowOpportunist = rng.nextBoolean();
    if (stops == 0) {
      return;
    }
    double driving = durationMs - stops * planPitMs();
    double avg = driving / (stops + 1);
    double lastMax = planLastMax();
    if (rng.nextInt(3) == 0 || avg > usable * 0.8) {
      // even stints, +-15 %, sometimes a short first stint
      for (int i = 0; i < stops; i++) {
        double target = avg * (0.85 + 0.30 * rng.nextDouble());
        t.targets[i] = (long) Math.max(shortest, Math.min(usable, target));
      }
      if (rng.nextInt(5) == 0) {
        t.targets[0] = (long) Math.max(shortest, avg * (0.15 + 0.25 * rng.nextDouble()));
      }
      balance(t.targets, driving, lap, shortest, usable, lastMax);
      return;
    }
    // long stints near the limit, the surplus stops as short ones
    long shortLen = Math.max(shortest, Math.min(12 * 60_000L, (long) (avg / 3)));
    long longLen = Math.max(shortLen, usable);
    int shorts = (int) Math.round((double) ((stops + 1) * longLen - (long) driving)
        / (longLen - shortLen + 1));
    shorts = Math.max(0, Math.min(stops, shorts));
    boolean[] isShort = new boolean[stops];
    for (int placed = 0; placed < shorts; ) {
      int i = rng.nextInt(stops);
      if (!isShort[i]) {
        isShort[i] = true;
        placed++;
      }
    }
    for (int i = 0; i < stops; i++) {
      t.targets[i] = isShort[i]
          ? (long) (shortest + rng.nextDouble() * (shortLen - shortest + 1))
          : (long) (longLen - rng.nextDouble() * 60_000);
    }
    balance(t.targets, driving, lap, shortest, usable, lastMax);
  }

  /**
   * After a stop and when the yellow ends (the race is now longer), the team fits its remaining
   * planned stints to the time left.
   */
  private void replan(Team x, long from) {
    int next = x.pits;
    int left = x.plannedStops - next;
    if (left <= 0) {
      return;
    }
    double driving = countdownEnd - from - left * planPitMs();
    long[] rest = Arrays.copyOfRange(x.targets, next, x.plannedStops);
    balance(rest, driving, planLap(), planShortest(), planUsable(), planLastMax());
    System.arraycopy(rest, 0, x.targets, next, left);
  }

  private double planLap() {
    return baseLapMs + 1_000;
  }

  private double planPitMs() {
    return settings.pitTimeS() * 1000d + PIT_EXTRA_MIN_MS + PIT_EXTRA_EXP_MS;
  }

  private long planShortest() {
    return (long) ((MIN_STINT_LAPS + 1) * planLap());
  }

  private long planUsable() {
    return Math.max(planShortest(), (long) (settings.maxStintMin() * 60_000L - 2.2 * planLap()));
  }

  /** The last stint runs from the last stop to the flag: it must see the flag within the limit. */
  private double planLastMax() {
    return settings.maxStintMin() * 60_000L - 2.5 * planLap() - SAFETY_MS;
  }

  /**
   * Stretches or shrinks the stint targets so that what is left for the last stint fits between
   * {@code shortest} and {@code lastMax} (a stint runs on past its target: to the next crossing,
   * then to the pit entry, about {@code 1.1} laps).
   */
  private static void balance(long[] targets, double driving, double lap, long shortest,
      long usable, double lastMax) {
    double sum = 0;
    for (long target : targets) {
      sum += target + 1.1 * lap;
    }
    double last = driving - sum;
    double room = 0;
    if (last > lastMax) {
      for (long target : targets) {
        room += Math.max(0, usable - target);
      }
      double f = room <= 0 ? 0 : Math.min(1, (last - lastMax) / room);
      for (int i = 0; i < targets.length; i++) {
        targets[i] += (long) (Math.max(0, usable - targets[i]) * f);
      }
    } else if (last < shortest) {
      for (long target : targets) {
        room += Math.max(0, target - shortest);
      }
      double f = room <= 0 ? 0 : Math.min(1, (shortest - last) / room);
      for (int i = 0; i < targets.length; i++) {
        targets[i] -= (long) (Math.max(0, targets[i] - shortest) * f);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Clocks and names

  private void trackTick(Team x, long at, int gen, int minutes) throws X {
    if (x.gen != gen || x.inPit || x.finished || ended) {
      return;
    }
    sb.setLength(0);
    cell(x, C_OTR, "in", ApexText.hoursMinutes(minutes));
    emit(at);
    schedule(x.stintStart + (minutes + 1) * 60_000L, EV_TRACK_TICK, x, gen, minutes + 1);
  }

  private void drivers(long at) throws X {
    sb.setLength(0);
    for (Team t : gridOrder) {
      cell(t, C_DR, "drteam", driverText(t, at));
    }
    emit(at);
    schedule(at + 30_000, EV_DRIVERS, null, 0, 0);
  }

  private void teamNames(long at) throws X {
    sb.setLength(0);
    for (Team t : gridOrder) {
      cell(t, C_DR, "dr", t.name);
    }
    emit(at);
    schedule(at + 30_000, EV_TEAM_NAMES, null, 0, 0);
  }

  /** {@code NAME [h:mm]}: the driver on track (or who just came in) and his driving time. */
  private String driverText(Team t, long at) {
    long ms = t.driverMs[t.driver];
    if (!t.inPit && !t.finished && at > t.stintStart && at >= greenAt) {
      ms += at - t.stintStart;
    }
    return t.driverNames[t.driver] + " [" + ApexText.hoursMinutes(ms / 60_000) + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Lap time model

  /** The lap {@code t} would drive from {@code at} without yellow, ms. */
  private double nominalLap(Team t, long at) {
    SplittableRandom r = t.rng;
    double ms = baseLapMs + trend(at) + kartEffect[t.kart] + t.driverSkill[t.driver]
        + gauss(r) * t.driverNoise[t.driver] + exponential(r, NOISE_EXP_MEAN_MS);
    if (t.crossingsSinceOut >= 1 && t.crossingsSinceOut <= 3) {
      // 2000, 736, 271 ms on the three laps after the pit lap
      ms += WARMUP_MS * StrictMath.pow(WARMUP_DECAY, t.crossingsSinceOut - 1);
    }
    if (r.nextDouble() < OUTLIER_P) {
      double u = r.nextDouble();
      ms += OUTLIER_MIN_MS + u * u * (OUTLIER_MAX_MS - OUTLIER_MIN_MS);
    }
    return ms;
  }

  /** The pace of {@code t}'s kart and driver without noise (for strategy and crossing hints). */
  private double typicalLap(Team t) {
    return baseLapMs + tempAmpMs / 2 + kartEffect[t.kart] + t.driverSkill[t.driver];
  }

  /** Track trend: rubbering in (faster), then the day's temperature (slower in the afternoon). */
  private double trend(long at) {
    double since = Math.max(0, at - greenAt);
    double rubber = -RUBBER_MS * (1 - StrictMath.exp(-since / RUBBER_TAU_MS));
    double hour = Math.floorMod(at, DAY_MS) / 3_600_000.0;
    double temp = (1 - StrictMath.cos(2 * StrictMath.PI * (hour - TEMP_PEAK_HOUR + 12) / 24)) / 2;
    return rubber + tempAmpMs * temp;
  }

  /** When a drive of {@code work} ms of green-flag time started at {@code at} ends. */
  private long advance(long at, double work) {
    double t = at;
    double w = Math.max(1, work);
    if (t < yellowFrom) {
      if (t + w <= yellowFrom) {
        return Math.round(t + w);
      }
      w -= yellowFrom - t;
      t = yellowFrom;
    }
    if (t < yellowTo) {
      double yellowWork = (yellowTo - t) / YELLOW_FACTOR;
      if (w <= yellowWork) {
        return Math.round(t + w * YELLOW_FACTOR);
      }
      w -= yellowWork;
      t = yellowTo;
    }
    return Math.round(t + w);
  }

  /** Countdown shown at {@code at}: frozen during the yellow. */
  private long remaining(long at) {
    long yellowLeft = at < yellowFrom ? yellowTo - yellowFrom : at < yellowTo ? yellowTo - at : 0;
    return countdownEnd - at - yellowLeft;
  }

  // ---------------------------------------------------------------------------------------------
  // Feed writing

  private void initialCells(Team t) {
    set(t, C_GRP, "in", "");
    set(t, C_STA, "in", "");
    set(t, C_RK, "", "");
    set(t, C_NO, "notc65535", t.number);
    set(t, C_DR, "drteam", t.driverNames[0] + " [0:00]");
    set(t, C_TLP, "in", "");
    set(t, C_LLP, "", "");
    set(t, C_GAP, "ib", "");
    set(t, C_INT, "in", "");
    set(t, C_BLP, "in", "");
    set(t, C_OTR, "in", "0:00");
    set(t, C_PEN, "", "");
    set(t, C_PIT, "in", "0");
  }

  private static void set(Team t, int col, String cls, String text) {
    t.cls[col] = cls;
    t.txt[col] = text;
  }

  /** Appends {@code rXcN|cls|text} and remembers it for the next snapshot. */
  private void cell(Team t, int col, String cls, String text) {
    sb.append('r').append(t.rowId).append('c').append(col).append('|').append(cls).append('|')
        .append(text).append('\n');
    t.cls[col] = cls;
    t.txt[col] = text;
  }

  private void setIfChanged(Team t, int col, String cls, String text) {
    if (!text.equals(t.txt[col]) || !cls.equals(t.cls[col])) {
      cell(t, col, cls, text);
    }
  }

  /** {@code rXc3||N}: the rank cell, class kept. */
  private void rank(Team t) {
    String p = Integer.toString(t.position);
    sb.append('r').append(t.rowId).append('c').append(C_RK).append("||").append(p).append('\n');
    t.txt[C_RK] = p;
  }

  private void position(Team t) {
    sb.append('r').append(t.rowId).append("|#|").append(t.position).append('\n');
  }

  private void addCom(long at, String flag, String number, String text) {
    StringBuilder p = new StringBuilder(160);
    p.append("<p><b>").append(ApexText.clock(at)).append("</b><span data-flag=\"").append(flag)
        .append("\"></span>");
    if (number != null) {
      p.append("<span class=\"com_no notc65535\">").append(number).append("</span>");
    }
    p.append(text).append("</p>");
    com.add(0, p.toString());
    if (com.size() > COM_LOG_SIZE) {
      com.remove(com.size() - 1);
    }
  }

  private void comLine() {
    sb.append("com||");
    for (String p : com) {
      sb.append(p);
    }
    sb.append('\n');
  }

  /** The {@code init|r|} frame: session lines and the whole grid as it is now. */
  private void snapshot(long at) {
    sb.append("init|r|\n").append(ApexText.CSS_LINES).append('\n');
    sb.append("title1||").append(title1).append('\n');
    sb.append("title2||").append(TITLE2).append('\n');
    if (flagOut) {
      sb.append("dyn1|text|\n");
    } else {
      sb.append("dyn1|countdown|").append(at < greenAt ? durationMs : remaining(at)).append('\n');
    }
    sb.append("light|").append(light).append("|\n");
    sb.append("wth1||\nwth2||\nwth3||\n");
    sb.append("track||").append(TRACK).append('\n');
    comLine();
    sb.append("grid||<tbody>").append(ApexText.GRID_HEADER);
    for (Team t : gridOrder) {
      String id = "r" + t.rowId;
      sb.append("<tr data-id=\"").append(id).append("\" data-pos=\"").append(t.position)
          .append("\">");
      for (int c = 1; c <= COLUMNS; c++) {
        String cls = t.cls[c];
        String text = t.txt[c];
        if (c == C_OTR && !t.inPit && "to".equals(cls)) {
          cls = "in"; // out of the pit lane, before the first crossing
          text = "0:00";
        }
        if (c == C_RK) {
          sb.append("<td class=\"rk\"><div><p data-id=\"").append(id).append('c').append(c)
              .append("\" class=\"").append(cls).append("\">");
          ApexText.html(sb, text);
          sb.append("</p></div></td>");
        } else if (c == C_NO) {
          sb.append("<td class=\"no\"><div data-id=\"").append(id).append('c').append(c)
              .append("\" class=\"").append(cls).append("\">");
          ApexText.html(sb, text);
          sb.append("</div></td>");
        } else {
          sb.append("<td data-id=\"").append(id).append('c').append(c).append("\" class=\"")
              .append(cls).append("\">");
          ApexText.html(sb, text);
          sb.append("</td>");
        }
      }
      sb.append("</tr>");
    }
    sb.append("</tbody>\n");
    sb.append("msg||");
  }

  /** Sends the frame in {@link #sb} (unless the connection is down). */
  private void emit(long at) throws X {
    int len = sb.length();
    if (len > 0 && sb.charAt(len - 1) == '\n') {
      sb.setLength(--len);
    }
    if (len == 0) {
      return;
    }
    if (at >= dropFrom && at < reconnectAt) {
      dropped++;
      return;
    }
    int n = 1;
    for (int i = 0; i < len; i++) {
      if (sb.charAt(i) == '\n') {
        n++;
      }
    }
    frames++;
    lines += n;
    lastFrameAt = at;
    sink.frame(at, sb.toString());
  }

  private void schedule(long at, int kind, Team team, int gen, int arg) {
    queue.add(new Ev(at, seq++, kind, team, gen, arg));
  }

  // ---------------------------------------------------------------------------------------------
  // Truth

  private Truth truth() {
    List<Truth.Kart> karts = new ArrayList<>();
    for (int k = 1; k < kartEffect.length; k++) {
      long e = kartEffect[k];
      Truth.Label label = e <= -LABEL_THRESHOLD_MS ? Truth.Label.GOOD
          : e >= LABEL_THRESHOLD_MS ? Truth.Label.BAD : Truth.Label.NEUTRAL;
      karts.add(new Truth.Kart(k, e, label));
    }
    List<List<Integer>> finalRows = new ArrayList<>();
    for (ArrayDeque<Integer> row : rows) {
      finalRows.add(List.copyOf(row));
    }
    List<Truth.Team> teamList = new ArrayList<>();
    for (Team t : teams) {
      List<Truth.Driver> ds = new ArrayList<>();
      for (int d = 0; d < t.driverNames.length; d++) {
        ds.add(new Truth.Driver(t.driverNames[d], t.driverSkill[d], t.driverMs[d],
            t.driverStints[d]));
      }
      teamList.add(new Truth.Team(t.rowId, t.number, t.name, t.gridPos, ds));
    }
    List<Truth.Stint> stintList = new ArrayList<>(stints);
    stintList.sort(Comparator.comparingInt(Truth.Stint::rowId).thenComparingInt(Truth.Stint::stint));
    List<Truth.PitStop> stopList = new ArrayList<>(pitStops);
    stopList.sort(Comparator.comparingInt(Truth.PitStop::rowId)
        .thenComparingInt(Truth.PitStop::stop));
    List<Truth.Result> results = new ArrayList<>();
    for (Team t : order) {
      results.add(new Truth.Result(t.position, t.rowId, t.number, t.name, t.laps, t.pits,
          t.bestMs, t.lastMs, t.driverNames[t.driver]));
    }
    return new Truth(settings, RaceSimulator.eventCode(settings), title1, TITLE2, TRACK, TRACK_M,
        startAt, greenAt, countdownEnd, chequeredAt, lastFrameAt, Math.round(baseLapMs),
        LABEL_THRESHOLD_MS, new Truth.Yellow(yellowFrom, yellowTo),
        new Truth.Reconnect(reconnectAt, dropFrom, dropped), junk, frames, lines, karts,
        initialRows, finalRows, teamList, stintList, stopList, penalties, results);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String raceTitle(double hours) {
    long minutes = Math.round(hours * 60);
    String length = minutes % 60 == 0 ? (minutes / 60) + "H" : minutes + " MIN";
    return length + " RESISTENCIA SIMULADA";
  }

  /** The integers {@code from..to} in random order. */
  private static int[] shuffledRange(int from, int to, SplittableRandom rng) {
    int[] a = new int[Math.max(0, to - from + 1)];
    for (int i = 0; i < a.length; i++) {
      a[i] = from + i;
    }
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** Standard normal (Box-Muller on StrictMath: the same numbers on every JVM). */
  static double gauss(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  static double exponential(SplittableRandom r, double mean) {
    return -mean * StrictMath.log(1.0 - r.nextDouble());
  }

  /** A scheduled state change. */
  private static final class Ev implements Comparable<Ev> {
    final long at;
    final long seq;
    final int kind;
    final Team team;
    final int gen;
    final int arg;

    Ev(long at, long seq, int kind, Team team, int gen, int arg) {
      this.at = at;
      this.seq = seq;
      this.kind = kind;
      this.team = team;
      this.gen = gen;
      this.arg = arg;
    }

    @Override
    public int compareTo(Ev o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A team's state during the run. */
  private static final class Team {
    final int idx;
    final int rowId;
    final String number;
    final String name;
    final String[] driverNames;
    final long[] driverSkill;
    final double[] driverNoise;
    final long[] driverMs;
    final int[] driverStints;
    final SplittableRandom rng;
    final String[] cls = new String[COLUMNS + 1];
    final String[] txt = new String[COLUMNS + 1];

    int gridPos;
    int position;
    int laps;
    long reachedAt;
    long[] crossAt = new long[256];
    long prevCrossAt;
    long bestMs = -1;
    long lastMs = -1;
    int pits;
    int kart;
    int driver;
    int stintNo = 1;
    long stintStart;
    int stintStartLap;
    int gen;
    int crossingsSinceOut = 4;
    boolean pitLap;
    boolean inPit;
    long pitInAt;
    long pitOutAt;
    int pitRow;
    int pitKartLeft;
    int pitLapIn;
    int duplicateTick = -1;
    boolean finished;
    int plannedStops;
    long[] targets;
    boolean yellowOpportunist;

    Team(int idx, int rowId, String number, String name, int drivers, SplittableRandom rng) {
      this.idx = idx;
      this.rowId = rowId;
      this.number = number;
      this.name = name;
      this.driverNames = new String[drivers];
      this.driverSkill = new long[drivers];
      this.driverNoise = new double[drivers];
      this.driverMs = new long[drivers];
      this.driverStints = new int[drivers];
      this.rng = rng;
    }
  }
}
