package lts.api;

import static lts.api.StoredRow.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.contracts.RaceRules.Field;

/**
 * A feed's race rules ({@code /api/v1/events/{code}/settings}) and their bounds
 * ({@code /api/v1/race-rules}): every change is checked by {@link RaceRules}, the one check the
 * strategy runner also applies, so the API never stores a value the runner would refuse.
 */
final class SettingsQueries {

  /** The column of {@code race_settings} of each rule a strategist sets. */
  private static final Map<Field, String> COLUMNS = columns();

  private final Sql sql;

  SettingsQueries(Sql sql) {
    this.sql = sql;
  }

  /** The race settings of a feed (defaults when none stored yet); 404 when the feed is unknown. */
  ObjectNode settings(String code) {
    ObjectNode r = row(code);
    ObjectNode out = JSON.objectNode();
    COLUMNS.forEach((field, column) -> out.set(field.jsonName(), r.get(column)));
    return out;
  }

  /**
   * Changes some settings; 400 naming every field that is unknown, not an integer or out of its
   * bounds (nothing is stored then).
   */
  ObjectNode updateSettings(String code, JsonNode body) {
    ObjectNode row = row(code);
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("send a JSON object with the settings to change");
    }
    Map<Field, Long> changes = new EnumMap<>(Field.class);
    List<String> problems = new ArrayList<>();
    body.fields().forEachRemaining(e -> {
      Field field = Field.byJsonName(e.getKey()).filter(COLUMNS::containsKey).orElse(null);
      JsonNode v = e.getValue();
      if (field == null) {
        problems.add("unknown setting '" + e.getKey() + "'; known: " + names());
      } else if (v.isNull()) {
        changes.put(field, null);
      } else if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        problems.add(field.jsonName() + " must be an integer (" + field.unit() + "), not " + v);
      } else {
        changes.put(field, v.asLong());
      }
    });
    if (problems.isEmpty()) {
      Map<Field, Long> values = stored(row);
      values.putAll(changes);
      problems.addAll(RaceRules.check(values).problems());
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
    if (changes.isEmpty()) {
      return settings(code);
    }
    StringBuilder set = new StringBuilder();
    List<Object> params = new ArrayList<>();
    changes.forEach((field, value) -> {
      set.append(set.length() == 0 ? "" : ", ").append(COLUMNS.get(field)).append(" = ?");
      params.add(value);
    });
    params.add(code);
    sql.update("UPDATE race_settings SET " + set + " WHERE event_code = ?", params.toArray());
    return settings(code);
  }

  /** The bounds of every rule a strategist sets, for the settings form. */
  static ArrayNode raceRules() {
    ArrayNode out = JSON.arrayNode();
    for (Field field : COLUMNS.keySet()) {
      ObjectNode f = out.addObject();
      f.put("name", field.jsonName());
      f.put("min", field.min());
      f.put("max", field.max());
      f.put("nullable", field.nullable());
      f.put("unit", field.unit());
    }
    return out;
  }

  private ObjectNode row(String code) {
    Params.eventCode(code);
    ObjectNode r = sql.row("SELECT * FROM race_settings WHERE event_code = ?", code);
    if (r == null) {
      throw ApiException.notFound("no event '" + code + "': see GET /api/v1/events");
    }
    return r;
  }

  /**
   * The stored values of every rule, including the kart model's (not set through the API).
   * Values, not a {@link RaceRules}: a row stored before the bounds existed may break them, and
   * then a change is refused naming that field until it is set right too.
   */
  private static Map<Field, Long> stored(ObjectNode row) {
    Map<Field, String> columns = new EnumMap<>(COLUMNS);
    columns.put(Field.LABEL_BAND_MS, "label_band_ms");
    columns.put(Field.MIN_CLEAN_LAPS, "min_clean_laps");
    Map<Field, Long> values = new EnumMap<>(Field.class);
    columns.forEach((field, column) -> {
      JsonNode v = row.get(column);
      values.put(field, v == null || v.isNull() ? null : v.asLong());
    });
    return values;
  }

  private static List<String> names() {
    return COLUMNS.keySet().stream().map(Field::jsonName).toList();
  }

  private static Map<Field, String> columns() {
    Map<Field, String> m = new EnumMap<>(Field.class);
    m.put(Field.MIN_PIT_STOPS, "min_pit_stops");
    m.put(Field.PIT_TIME_MS, "pit_time_ms");
    m.put(Field.PIT_ROWS, "pit_rows");
    m.put(Field.SPARE_KARTS, "spare_karts");
    m.put(Field.MAX_STINT_MS, "max_stint_ms");
    m.put(Field.MIN_DRIVER_MS, "min_driver_ms");
    m.put(Field.MAX_DRIVER_MS, "max_driver_ms");
    m.put(Field.AVG_LAPS, "avg_laps");
    return m;
  }
}
