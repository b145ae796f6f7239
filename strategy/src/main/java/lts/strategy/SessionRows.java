package lts.strategy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lts.store.Table;
import lts.strategy.TableRow.DriverRow;
import lts.strategy.TableRow.LapCorrectionRow;
import lts.strategy.TableRow.LapRow;
import lts.strategy.TableRow.OddsRow;
import lts.strategy.TableRow.PitQueueRow;
import lts.strategy.TableRow.PitStopRow;
import lts.strategy.TableRow.SessionRow;
import lts.strategy.TableRow.StandingRow;
import lts.strategy.TableRow.StintRow;
import lts.strategy.TableRow.TeamRow;

/** The rows of one session's tables computed by {@link SessionModel#rows}, table by table. */
final class SessionRows {
  final List<SessionRow> sessions = new ArrayList<>();
  final List<TeamRow> teams = new ArrayList<>();
  final List<DriverRow> drivers = new ArrayList<>();
  final List<LapRow> laps = new ArrayList<>();
  final List<PitStopRow> pitStops = new ArrayList<>();
  final List<StintRow> stints = new ArrayList<>();
  final List<OddsRow> odds = new ArrayList<>();
  final List<StandingRow> standings = new ArrayList<>();
  final List<LapCorrectionRow> corrections = new ArrayList<>();
  final List<PitQueueRow> pitQueue = new ArrayList<>();

  /** Every table (in {@link Table} order) and its rows, empty lists included. */
  Map<Table, List<? extends TableRow>> byTable() {
    Map<Table, List<? extends TableRow>> out = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      out.put(table, switch (table) {
        case SESSIONS -> sessions;
        case TEAMS -> teams;
        case DRIVERS -> drivers;
        case LAPS -> laps;
        case PIT_STOPS -> pitStops;
        case STINTS -> stints;
        case ODDS -> odds;
        case STANDINGS -> standings;
        case LAP_CORRECTIONS -> corrections;
        case PIT_QUEUE -> pitQueue;
      });
    }
    return out;
  }
}
