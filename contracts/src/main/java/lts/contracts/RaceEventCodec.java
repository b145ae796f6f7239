package lts.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import lts.core.event.EventTypes;
import lts.core.event.RaceEvent;

/**
 * The JSON contract of the {@code race-events} topic and of {@code lts parse --events}: one object
 * per event, {@code type} first (snake case of the record name), then the record's components in
 * snake case ({@code row_id}, {@code lap_time_ms}); unknown values are {@code null}. See
 * docs/Messages.md. Thread-safe.
 */
public final class RaceEventCodec {

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  private interface TypedEvent {
  }

  private final ObjectWriter writer;
  private final ObjectReader reader;

  /** A codec with the project's mapping. */
  public RaceEventCodec() {
    ObjectMapper mapper = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .addMixIn(RaceEvent.class, TypedEvent.class);
    for (Class<? extends RaceEvent> type : EventTypes.ALL) {
      mapper.registerSubtypes(new NamedType(type, EventTypes.nameOf(type)));
    }
    this.writer = mapper.writerFor(RaceEvent.class);
    this.reader = mapper.readerFor(RaceEvent.class);
  }

  /** One event as a JSON object on one line. */
  public String toJson(RaceEvent event) {
    try {
      return writer.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event, e);
    }
  }

  /**
   * Reads an event written by {@link #toJson}.
   *
   * @throws IllegalArgumentException when the text is not such an event (the message says why)
   */
  public RaceEvent fromJson(String json) {
    try {
      return reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a race event: " + e.getOriginalMessage(), e);
    }
  }
}
