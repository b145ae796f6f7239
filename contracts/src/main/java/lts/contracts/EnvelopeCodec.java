package lts.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Envelopes to and from JSON bytes (UTF-8, one line): {@code {"event_code","data","source",
 * "created_at","updated_at"[,"error_description","error_trace"]}}. Unknown fields are ignored.
 * Thread-safe.
 */
public final class EnvelopeCodec {

  private final JsonFactory json = new JsonFactory();

  /** Writes one envelope as a JSON object (no line break). */
  public byte[] encode(Envelope e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(e.data().length() + 160);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event_code", e.eventCode());
      g.writeStringField("data", e.data());
      g.writeStringField("source", e.source());
      g.writeNumberField("created_at", e.createdAt());
      g.writeNumberField("updated_at", e.updatedAt());
      if (e.errorDescription() != null) {
        g.writeStringField("error_description", e.errorDescription());
      }
      if (e.errorTrace() != null) {
        g.writeStringField("error_trace", e.errorTrace());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /**
   * Reads an envelope.
   *
   * @throws IllegalArgumentException naming what is wrong (not JSON, missing field, wrong type)
   */
  public Envelope decode(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("empty record (null value)");
    }
    String eventCode = null;
    String data = null;
    String source = null;
    Long createdAt = null;
    Long updatedAt = null;
    String errorDescription = null;
    String errorTrace = null;
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "event_code":
            eventCode = text(p, t, field);
            break;
          case "data":
            data = text(p, t, field);
            break;
          case "source":
            source = text(p, t, field);
            break;
          case "created_at":
            createdAt = number(p, t, field);
            break;
          case "updated_at":
            updatedAt = number(p, t, field);
            break;
          case "error_description":
            errorDescription = text(p, t, field);
            break;
          case "error_trace":
            errorTrace = text(p, t, field);
            break;
          default:
            p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + messageOf(e), e);
    }
    if (eventCode == null || eventCode.isBlank()) {
      throw new IllegalArgumentException("missing event_code");
    }
    if (data == null) {
      throw new IllegalArgumentException("missing data");
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("missing created_at");
    }
    return new Envelope(eventCode, data, source == null ? "unknown" : source, createdAt,
        updatedAt == null ? createdAt : updatedAt, errorDescription, errorTrace);
  }

  /** Reads an envelope from a string. */
  public Envelope decode(String text) {
    return decode(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String messageOf(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException
        ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return p.getText();
  }

  private static Long number(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    throw new IllegalArgumentException(field + " must be a number (epoch milliseconds)");
  }
}
