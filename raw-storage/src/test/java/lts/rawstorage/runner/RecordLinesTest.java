package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.rawstorage.runner.RecordLines.Line;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordLinesTest {

  /** 2026-04-25T10:00:00Z. */
  private static final long AT = 1_777_111_200_000L;

  private final Counter invalidSoFar = Counter.builder("records_invalid")
      .register(new SimpleMeterRegistry());
  private final RecordLines lines = new RecordLines(1_000, invalidSoFar);

  private static ConsumerRecord<String, byte[]> record(long timestamp, String key, byte[] value) {
    return new ConsumerRecord<>("raw-messages", 1, 42, timestamp, TimestampType.CREATE_TIME,
        -1, -1, key, value, new RecordHeaders(), Optional.empty());
  }

  private static byte[] envelope(String code, long at) {
    return new EnvelopeCodec().encode(Envelope.of(code, "r1c1|in|1", "ws-listener", at));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aValidEnvelopeIsStoredAsSentInTheDirectoryOfItsEventCode() {
    Line line = lines.lineOf(record(AT + 5, "santos", envelope("santos", AT)));

    assertThat(line).isInstanceOf(Line.Event.class);
    assertThat(line.directory()).isEqualTo("santos");
    assertThat(line.envelope()).isEqualTo(Envelope.of("santos", "r1c1|in|1", "ws-listener", AT));
  }

  @Test
  void anEventCodeThatCannotNameADirectoryIsStoredUnderItsSafeNameAndKeptInTheLine() {
    Line line = lines.lineOf(record(AT, "x", envelope("Santos/../x", AT)));

    assertThat(line).isInstanceOf(Line.Event.class);
    assertThat(line.directory()).isEqualTo("santos----x");
    assertThat(line.envelope().eventCode()).isEqualTo("Santos/../x");
  }

  @Test
  void aNullValueIsInvalidWithEmptyDataItsPositionAndTheRecordTime() {
    Line line = lines.lineOf(record(AT, "santos", null));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.directory()).isEqualTo("_invalid");
    assertThat(line.envelope()).isEqualTo(new Envelope("_invalid", "", "raw-storage", AT, AT,
        "null value (a tombstone or an empty record), not an envelope",
        "raw-messages/1@42 key=santos"));
  }

  @Test
  void textThatIsNotAnEnvelopeIsInvalidAndKeptAsText() {
    Line line = lines.lineOf(record(AT, null, utf8("not json at all")));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.envelope().data()).isEqualTo("not json at all");
    assertThat(line.envelope().errorDescription()).startsWith("not an envelope: ");
    assertThat(line.envelope().errorTrace()).isEqualTo("raw-messages/1@42");
  }

  @Test
  void aValueThatIsNotUtf8IsKeptInBase64AndTheReasonSaysSo() {
    byte[] value = {(byte) 0xff, (byte) 0xfe, 0, '{'};

    Line line = lines.lineOf(record(AT, null, value));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.envelope().data()).isEqualTo("//4Aew==");
    assertThat(Base64.getDecoder().decode(line.envelope().data())).isEqualTo(value);
    assertThat(line.envelope().errorDescription())
        .endsWith(" (the value is not UTF-8 text: data holds it in base64)");
  }

  @Test
  void anOversizedRecordKeepsOnlyItsFirst64KiB() {
    byte[] value = utf8("x".repeat(70_000));

    Line line = lines.lineOf(record(AT, null, value));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.envelope().data()).isEqualTo("x".repeat(65_536));
    assertThat(line.envelope().errorDescription()).isEqualTo("oversized record: 70000 bytes,"
        + " more than the 1000 accepted; data holds its first 65536 bytes");
  }

  @Test
  void anOversizedRecordSmallerThan64KiBIsKeptWhole() {
    byte[] value = envelope("santos", AT);
    RecordLines small = new RecordLines(10, invalidSoFar);

    Line line = small.lineOf(record(AT, null, value));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.envelope().data()).isEqualTo(new String(value, StandardCharsets.UTF_8));
    assertThat(line.envelope().errorDescription()).isEqualTo("oversized record: " + value.length
        + " bytes, more than the 10 accepted; data holds all of it");
  }

  @Test
  void aCreatedAtOutside1970To9999IsInvalid() {
    Line before = lines.lineOf(record(AT, null, envelope("santos", -5)));
    Line after = lines.lineOf(record(AT, null,
        envelope("santos", RecordLines.MAX_CREATED_AT + 1)));

    assertThat(before).isInstanceOf(Line.Invalid.class);
    assertThat(before.envelope().errorDescription()).isEqualTo("created_at -5 is not a time"
        + " between 1970 and 9999 (epoch milliseconds)");
    assertThat(after).isInstanceOf(Line.Invalid.class);
    assertThat(lines.lineOf(record(AT, null, envelope("santos", RecordLines.MAX_CREATED_AT))))
        .isInstanceOf(Line.Event.class);
  }

  @Test
  void anEventCodeLongerThan100CharactersIsInvalid() {
    Line line = lines.lineOf(record(AT, null, envelope("x".repeat(101), AT)));

    assertThat(line).isInstanceOf(Line.Invalid.class);
    assertThat(line.envelope().errorDescription()).isEqualTo("event_code cannot name a directory"
        + " (blank or longer than 100 characters)");
  }

  @Test
  void anInvalidRecordWithoutAUsableTimestampIsDatedAtTheEpoch() {
    Line none = lines.lineOf(record(-1, null, null));
    Line beyond = lines.lineOf(record(RecordLines.MAX_CREATED_AT + 1, null, null));

    assertThat(none.envelope().createdAt()).isZero();
    assertThat(none.envelope().updatedAt()).isZero();
    assertThat(beyond.envelope().createdAt()).isZero();
  }
}
