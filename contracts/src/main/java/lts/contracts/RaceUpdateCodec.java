package lts.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RaceUpdate}s to and from JSON bytes (UTF-8, one line):
 * {@code {"event_code":"santos","session":1,"tables":["laps","teams"],"at":1745570000000}}, with
 * {@code session} and {@code at} null when unknown. Unknown fields are ignored. Thread-safe.
 */
public final class RaceUpdateCodec {

  private final JsonFactory json = new JsonFactory();

  /** Writes one update as a JSON object (no line break). */
  public byte[] encode(RaceUpdate update) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event_code", update.eventCode().value());
      if (update.session() == null) {
        g.writeNullField("session");
      } else {
        g.writeNumberField("session", update.session());
      }
      g.writeArrayFieldStart("tables");
      for (String table : update.tables()) {
        g.writeString(table);
      }
      g.writeEndArray();
      if (update.at() == null) {
        g.writeNullField("at");
      } else {
        g.writeNumberField("at", update.at());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads an update.
   *
   * @throws IllegalArgumentException naming what is wrong (not JSON, no valid event code, a field
   *     of the wrong type)
   */
  public RaceUpdate decode(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("empty record (null value)");
    }
    String eventCode = null;
    Integer session = null;
    List<String> tables = new ArrayList<>();
    Long at = null;
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "event_code" -> eventCode = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "session" -> session = t == JsonToken.VALUE_NULL ? null : integer(p, t, field);
          case "at" -> at = t == JsonToken.VALUE_NULL ? null : number(p, t, field);
          case "tables" -> tables = tables(p, t);
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String problem = EventCode.problem(eventCode);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new RaceUpdate(new EventCode(eventCode), session, tables, at);
  }

  private static List<String> tables(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("tables must be an array of table names");
    }
    List<String> tables = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("tables must be an array of table names");
      }
      tables.add(p.getText());
    }
    return tables;
  }

  private static int integer(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(field + " must be an integer or null");
    }
    return p.getIntValue();
  }

  private static long number(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(field + " must be epoch milliseconds or null");
    }
    return p.getLongValue();
  }
}
