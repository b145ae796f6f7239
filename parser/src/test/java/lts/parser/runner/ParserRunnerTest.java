package lts.parser.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lts.testkit.Await;
import lts.testkit.SharedData;
import lts.contracts.RaceEventCodec;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The parser runner against a real (embedded) Kafka broker. */
class ParserRunnerTest {

  private static final Duration CATCH_UP = Duration.ofSeconds(90);

  @RegisterExtension
  static final TestKafka kafka = TestKafka.open();

  @Test
  void handWrittenRaceGivesExactlyTheEventsOfAFreshEngineAndItsJunkFrameAnError() throws Exception {
    TestKafka.TopicSet t = kafka.topics("hand", 3);
    List<Envelope> frames = HandWrittenRace.frames("santos", 1_777_100_000_000L, 6, 24);
    kafka.publish(t.raw(), frames);
    ParserConfig config = kafka.config(t, "hand");
    Map<String, List<String>> expected = TestKafka.expected(frames);
    assertThat(new ParserRunner(config, new SimpleMeterRegistry()).health()).isEqualTo("parser not started");
    RunningParser running;
    try (RunningParser parser = RunningParser.start(config)) {
      running = parser;
      kafka.awaitCaughtUp("hand", t.raw(), CATCH_UP);
      Await.until(Duration.ofSeconds(10),
          () -> parser.runner.health() == null, () -> "health: " + parser.runner.health());
      assertThat(parser.counter("lts.parser.records.in")).isEqualTo(frames.size());
      assertThat(parser.counter("lts.parser.events.out"))
          .isEqualTo(expected.get("santos").size());
      assertThat(parser.counter("lts.parser.errors.out")).isEqualTo(1);
      assertThat(parser.registry.get("lts.parser.frames").tag("event_code", "santos").counter()
          .count()).isEqualTo(frames.size());
      assertThat(parser.registry.get("lts.parser.engines").gauge().value()).isEqualTo(1);
      assertThat(parser.registry.get("lts.parser.consumer.lag").gauge().value()).isZero();
      // one sample per committed transaction in each transaction timer, one per record in the age
      double transactions = parser.registry.get("lts.parser.transactions")
          .tag("result", "committed").counter().count();
      assertThat(transactions).isPositive();
      for (String timer : List.of("lts.parser.transaction", "lts.parser.transaction.offsets",
          "lts.parser.transaction.commit")) {
        assertThat((double) parser.registry.get(timer).timer().count()).as(timer)
            .isEqualTo(transactions);
      }
      assertThat(parser.registry.get("lts.parser.record.age").timer().count())
          .isEqualTo(frames.size());
    }
    assertThat(running.runner.health()).isEqualTo("parser stopped");
    assertThat(kafka.eventsByCode(t.events())).isEqualTo(expected);
    assertThat(expected.get("santos")).anySatisfy(e -> assertThat(e)
        .contains("\"type\":\"lap_completed\"").contains("\"lap_time_ms\":null"));
    List<Envelope> errors = kafka.errors(t.errors());
    assertThat(errors).hasSize(1);
    Envelope junk = errors.get(0);
    assertThat(junk.data()).isEqualTo("GET / HTTP/1.1");
    assertThat(junk.errorDescription()).startsWith("junk_frame");
    assertThat(junk.errorTrace()).matches("santos/\\d+/0");
    assertThat(junk.source()).isEqualTo("parser");
    assertThat(junk.eventCode()).isEqualTo("santos");
  }

  @Test
  void realSantos3hRecordingGivesExactlyTheEventsOfAFreshEngine() throws Exception {
    Path file = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    List<Envelope> frames = TestKafka.recording(file, "santos");
    TestKafka.TopicSet t = kafka.topics("real3h", 3);
    kafka.publish(t.raw(), frames);
    Map<String, List<String>> expected = TestKafka.expected(frames);
    try (RunningParser parser = RunningParser.start(kafka.config(t, "real3h"))) {
      kafka.awaitCaughtUp("real3h", t.raw(), CATCH_UP);
    }
    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    assertThat(actual.get("santos")).hasSize(expected.get("santos").size());
    assertThat(actual).isEqualTo(expected);
    System.out.println("[real3h] " + frames.size() + " frames -> " + actual.get("santos").size()
        + " events, identical to a fresh engine");
  }

  @Test
  void twoEventCodesInterleavedInOnePartitionGetOneEngineEachAndIdsPerCode() throws Exception {
    TestKafka.TopicSet t = kafka.topics("two", 1);
    List<Envelope> alpha = HandWrittenRace.frames("alpha", 1_777_100_000_000L, 4, 10);
    List<Envelope> beta = HandWrittenRace.frames("beta", 1_777_100_003_000L, 5, 8);
    List<Envelope> frames = TestKafka.interleave(alpha, beta);
    kafka.publish(t.raw(), frames);
    try (RunningParser parser = RunningParser.start(kafka.config(t, "two"))) {
      kafka.awaitCaughtUp("two", t.raw(), CATCH_UP);
      assertThat(parser.registry.get("lts.parser.engines").gauge().value()).isEqualTo(2);
    }
    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    assertThat(actual.keySet()).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(actual.get("alpha")).isEqualTo(TestKafka.expected(alpha).get("alpha"));
    assertThat(actual.get("beta")).isEqualTo(TestKafka.expected(beta).get("beta"));
    RaceEventCodec codec = new RaceEventCodec();
    // frame numbers count each code's own frames: the first frame of each is frame 1
    assertThat(codec.fromJson(actual.get("alpha").get(0)).id()).isEqualTo("alpha/1/0");
    assertThat(codec.fromJson(actual.get("beta").get(0)).id()).isEqualTo("beta/1/0");
    String lastBeta = codec.fromJson(actual.get("beta").get(actual.get("beta").size() - 1)).id();
    assertThat(Long.parseLong(lastBeta.split("/")[1])).isLessThanOrEqualTo(beta.size());
  }

  @Test
  void badRecordsGoToTheErrorsTopicAndLaterGoodRecordsAreParsed() throws Exception {
    TestKafka.TopicSet t = kafka.topics("bad", 1);
    List<Envelope> race = HandWrittenRace.frames("santos", 1_777_100_000_000L, 4, 12);
    List<Envelope> first = race.subList(0, race.size() / 2);
    List<Envelope> second = race.subList(race.size() / 2, race.size());
    EnvelopeCodec envelopes = new EnvelopeCodec();
    long at = 1_777_100_500_000L;
    Envelope junk = Envelope.of("santos", "\u0016\u0003\u0001\u0002\u0000binary TLS hello", "test", at);
    Envelope nobody = Envelope.of("nobody", "r5c3|in|12\nr5c4|tn|1:05.000", "test", at);
    String huge = "r101c3|in|1\n".repeat(1024 * 1024 / 12 + 1);

    kafka.publish(t.raw(), first);
    kafka.publishRaw(t.raw(), "santos", "this is not json");
    kafka.publishRaw(t.raw(), "santos", (byte[]) null);
    kafka.publishRaw(t.raw(), "santos", "{\"event_code\":\"santos\",\"source\":\"x\"}");
    kafka.publishRaw(t.raw(), "santos", "[1,2,3]");
    kafka.publishRaw(t.raw(), "Santos 12H!", envelopes.encode(Envelope.of("Santos 12H!", "r1c3|in|1", "test", at)));
    kafka.publishRaw(t.raw(), "other", envelopes.encode(Envelope.of("santos", "r101c3|in|1", "test", at)));
    kafka.publish(t.raw(), List.of(junk, nobody));
    kafka.publishRaw(t.raw(), "santos", envelopes.encode(Envelope.of("santos", huge, "test", at)));
    kafka.publish(t.raw(), second);

    List<Envelope> parsed = new ArrayList<>(first);
    parsed.add(junk);
    parsed.add(nobody);
    parsed.addAll(second);
    Map<String, List<String>> expected = TestKafka.expected(parsed);
    try (RunningParser parser = RunningParser.start(kafka.config(t, "bad"))) {
      kafka.awaitCaughtUp("bad", t.raw(), CATCH_UP);
      assertThat(parser.runner.health()).isNull();
    }
    assertThat(kafka.eventsByCode(t.events())).isEqualTo(expected);
    assertThat(expected.get("santos").get(expected.get("santos").size() - 1))
        .as("the last good frame was parsed").contains("\"event_code\":\"santos\"");

    List<Envelope> errors = kafka.errors(t.errors());
    List<String> descriptions = errors.stream().map(Envelope::errorDescription).toList();
    assertThat(descriptions).anySatisfy(d -> assertThat(d).startsWith("invalid envelope: not JSON"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).isEqualTo("invalid envelope: empty record (null value)"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).isEqualTo("invalid envelope: missing data"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).isEqualTo("invalid envelope: not a JSON object"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).startsWith("invalid event_code: event code 'Santos 12H!' is not valid"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).startsWith("record key \"other\""));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).startsWith("junk_frame"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d).startsWith("unknown_row"));
    assertThat(descriptions).anySatisfy(d -> assertThat(d)
        .startsWith("frame too large: " + huge.length() + " characters (limit 262144)"));
    assertThat(errors).allSatisfy(e -> {
      assertThat(e.errorDescription()).isNotBlank();
      assertThat(e.errorTrace()).isNotBlank();
      assertThat(e.source()).isEqualTo("parser");
    });
    Envelope notJson = errors.stream().filter(e -> e.errorDescription().contains("not JSON"))
        .findFirst().orElseThrow();
    assertThat(notJson.data()).isEqualTo("this is not json");
    assertThat(notJson.eventCode()).isEqualTo("santos");
    assertThat(notJson.errorTrace()).startsWith(t.raw() + "-0@").contains("IllegalArgumentException");
    Envelope tooLarge = errors.stream().filter(e -> e.errorDescription().startsWith("frame too large"))
        .findFirst().orElseThrow();
    assertThat(tooLarge.data().length()).isLessThan(70_000);
    assertThat(tooLarge.data()).contains("[cut: " + huge.length() + " characters; the whole record is at "
        + t.raw() + "-0@");
    Envelope unknownRow = errors.stream().filter(e -> e.errorDescription().startsWith("unknown_row"))
        .findFirst().orElseThrow();
    assertThat(unknownRow.eventCode()).isEqualTo("nobody");
    assertThat(unknownRow.errorTrace()).startsWith("nobody/1/");
    assertThat(unknownRow.data()).isEqualTo(nobody.data());
    assertThat(unknownRow.createdAt()).isEqualTo(at);
    assertThat(new String(envelopes.encode(unknownRow), StandardCharsets.UTF_8))
        .contains("\"error_description\":").contains("\"error_trace\":");
  }
}
