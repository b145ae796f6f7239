package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void stringsEscapeQuotesBackslashesAndControlCharacters() {
    StringBuilder out = new StringBuilder();
    Json.quote(out, "a\"b\\c\nd\re\tf\u0001g\u007fh\u2028i\u2029j\u00f1");
    assertThat(out.toString())
        .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fh\\u2028i\\u2029j\u00f1\"");
  }

  @Test
  void objectsAndArraysAreIndentedUnlessInline() {
    String json = new Json().beginObject()
        .field("a", 1)
        .name("b").beginArray(true).value(1).value(2).endArray()
        .name("c").beginObject(true).field("x", "y").field("n", (Long) null).endObject()
        .name("d").beginArray(false).endArray()
        .field("e", 1.50)
        .field("f", 100.0)
        .field("g", true)
        .field("h", (String) null)
        .endObject().toString();

    assertThat(json).isEqualTo("{\n  \"a\": 1,\n  \"b\": [1, 2],\n"
        + "  \"c\": {\"x\": \"y\", \"n\": null},\n  \"d\": [],\n  \"e\": 1.5,\n  \"f\": 100,\n"
        + "  \"g\": true,\n  \"h\": null\n}\n");
  }
}
