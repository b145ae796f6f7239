package lts.recordings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One line of a {@link RecordingFormat#METADATA_CONTAINER}, read with Jackson's streaming parser:
 * the recorder's {@link Metadata}, a {@link Frame}, a {@link Note} (a JSON object with neither) or
 * {@link Malformed} (not exactly one JSON object). Unknown keys are ignored, at the top level and
 * inside {@code metadata}.
 */
sealed interface ContainerLine {

  /**
   * {@code {"metadata": {"circuit": …, "websocketUrl": …, …}}}; a field that is missing or not a
   * string is null.
   */
  record Metadata(String websocketUrl, String circuit) implements ContainerLine {

    /**
     * The host and port of {@link #websocketUrl}, else the {@link #circuit}, else
     * {@code fileEventCode}, made a valid event code.
     */
    String eventCode(String fileEventCode) {
      String fromUrl = EventCodes.fromWebsocketUrl(websocketUrl);
      if (fromUrl != null) {
        return fromUrl;
      }
      if (circuit != null && !circuit.isBlank()) {
        return EventCodes.normalise(circuit.trim());
      }
      return fileEventCode;
    }
  }

  /**
   * {@code {"timestamp": ISO-8601 instant, "data": frame text}}: a line with a {@code data} key;
   * either field is null when it is missing or not a string.
   */
  record Frame(String timestamp, String data) implements ContainerLine {
  }

  /** A JSON object with neither {@code metadata} nor {@code data}: a recorder's note. */
  record Note() implements ContainerLine {
  }

  /** Not exactly one JSON object, or {@code metadata} is not an object. */
  record Malformed() implements ContainerLine {
  }

  /** Reads {@code length} bytes of {@code bytes} from {@code start}, one line without its break. */
  static ContainerLine read(JsonFactory json, byte[] bytes, int start, int length) {
    try (JsonParser parser = json.createParser(bytes, start, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new Malformed();
      }
      Metadata metadata = null;
      boolean metadataMalformed = false;
      boolean hasData = false;
      String data = null;
      String timestamp = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == null) {
          return new Malformed();
        }
        switch (name) {
          case "metadata" -> {
            metadata = value == JsonToken.START_OBJECT ? metadata(parser) : null;
            metadataMalformed = metadata == null;
            parser.skipChildren();
          }
          case "data" -> {
            hasData = true;
            data = string(parser, value);
          }
          case "timestamp" -> timestamp = string(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null
          || metadataMalformed) {
        return new Malformed();
      }
      if (metadata != null) {
        return metadata;
      }
      return hasData ? new Frame(timestamp, data) : new Note();
    } catch (IOException e) {
      return new Malformed();
    }
  }

  /** The fields of the {@code metadata} object the parser is at; leaves it at its end. */
  private static Metadata metadata(JsonParser parser) throws IOException {
    String websocketUrl = null;
    String circuit = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "websocketUrl" -> websocketUrl = string(parser, value);
        case "circuit" -> circuit = string(parser, value);
        default -> parser.skipChildren();
      }
    }
    return new Metadata(websocketUrl, circuit);
  }

  private static String string(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }
}
