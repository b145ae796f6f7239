package lts.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.core.protocol.FeedStats;
import lts.core.standings.LiveStandings;
import lts.testkit.SharedData;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input never breaks the engine: real frames (the first 30 minutes of a 3 h race and the
 * 12 h race's session changes), mutated by inserting, deleting, swapping and cutting characters,
 * 5,000 races × 20 frames = 100,000 mutated frames. No exception escapes, every frame is
 * counted, ids stay unique, and folding the events still gives the engine's own view.
 */
class MutatedFramesPropertyTest {

  private static final int FRAMES_PER_RACE = 20;
  private static List<String> corpus;

  enum Op { INSERT, DELETE, SWAP, CUT, DUPLICATE_LINE, REPLACE_DIGIT }

  record Mutation(Op op, double where, int length, String text) {
  }

  record Pick(int frame, List<Mutation> mutations) {
  }

  @BeforeContainer
  static void loadCorpus() throws IOException {
    List<String> frames = new ArrayList<>();
    Path dir = SharedData.realPartsRequired() ? SharedData.apexDir() : null;
    Path small = dir != null ? dir.resolve("santos-3h-first-30min.ndjson.gz") : findQuietly("santos-3h-first-30min.ndjson.gz");
    Path big = dir != null ? dir.resolve("santos-12h-2026-04-25.log.gz") : findQuietly("santos-12h-2026-04-25.log.gz");
    if (small != null && big != null) {
      try (RecordingReader reader = RecordingReader.open(small)) {
        reader.forEachRemaining(f -> frames.add(f.text()));
      }
      try (RecordingReader reader = RecordingReader.open(big)) {
        while (reader.hasNext()) {
          RecordedFrame f = reader.next();
          if (f.text().contains("init|") || f.text().contains("|*in|") || f.text().contains("light|")) {
            frames.add(f.text());
          }
        }
      }
    } else {
      // without ../shared: a few hand-written frames of the same shapes
      frames.add("init|r|\ntitle1||12H\ntitle2||CARRERA\ngrid||<tbody><tr data-id=\"r0\" class=\"head\">"
          + "<td data-id=\"c1\" data-type=\"no\">No</td><td data-id=\"c2\" data-type=\"dr\">T</td>"
          + "<td data-id=\"c3\" data-type=\"tlp\">L</td><td data-id=\"c4\" data-type=\"llp\">L</td>"
          + "<td data-id=\"c5\" data-type=\"pit\">P</td></tr><tr data-id=\"r7\" data-pos=\"1\">"
          + "<td data-id=\"r7c1\" class=\"no\">3</td><td data-id=\"r7c2\" class=\"dr\">KTA</td>"
          + "<td data-id=\"r7c3\" class=\"in\">4</td><td data-id=\"r7c4\" class=\"tn\">1:05.1</td>"
          + "<td data-id=\"r7c5\" class=\"in\">0</td></tr></tbody>");
      frames.add("r7c3|in|5\nr7c4|tn|1:05.200\nr7|*|65200|");
      frames.add("r7|*in|0\nr7c5|in|1");
      frames.add("r7|*out|0\nr7c2|drteam|ANA [0:10]\nr7|#|1");
      frames.add("dyn1|countdown|1000\nlight|ly|\ncom||<b>x</b>");
    }
    corpus = frames;
  }

  private static Path findQuietly(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path file = p.resolveSibling("shared").resolve("data/apex").resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  @Provide
  Arbitrary<List<Pick>> races() {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.of(Op.class),
        Arbitraries.doubles().between(0, 1),
        Arbitraries.integers().between(1, 40),
        Arbitraries.strings().withChars("|\n\r<>\"&#*0123456789rcin:. \uFFFD\u0000\u00da")
            .withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6))
        .as(Mutation::new);
    Arbitrary<Pick> pick = Combinators.combine(
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        mutation.list().ofMinSize(0).ofMaxSize(4)).as(Pick::new);
    return pick.list().ofSize(FRAMES_PER_RACE);
  }

  @Property(tries = 5_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void mutatedRealFramesNeverBreakTheEngine(@ForAll("races") List<Pick> race) {
    ApexEngine engine = new ApexEngine("fuzz");
    List<RaceEvent> events = new ArrayList<>();
    long at = 1_000_000;
    // start from a real snapshot so that row lines have a grid to land on
    String first = corpus.stream().filter(f -> f.startsWith("init|r|")).findFirst().orElse(corpus.get(0));
    engine.accept(at, first, events::add);
    for (Pick p : race) {
      at += 700;
      String frame = mutate(corpus.get(p.frame() % corpus.size()), p.mutations());
      engine.accept(at, frame, events::add);
    }
    engine.finish(events::add);

    FeedStats stats = engine.stats();
    assertThat(stats.frames()).isEqualTo(FRAMES_PER_RACE + 1);
    assertThat(stats.events()).isEqualTo(events.size());
    Set<String> ids = new HashSet<>();
    for (RaceEvent e : events) {
      assertThat(ids.add(e.id())).as("duplicate id %s", e.id()).isTrue();
      assertThat(e.session()).isBetween(0, engine.session() + 100);
    }
    LiveStandings fold = new LiveStandings();
    events.forEach(fold::apply);
    assertThat(fold.teams(engine.session())).isEqualTo(engine.standings());
  }

  static String mutate(String frame, List<Mutation> mutations) {
    StringBuilder s = new StringBuilder(frame);
    for (Mutation m : mutations) {
      int at = (int) (m.where() * s.length());
      int end = Math.min(s.length(), at + m.length());
      switch (m.op()) {
        case INSERT:
          s.insert(at, m.text());
          break;
        case DELETE:
          s.delete(at, end);
          break;
        case SWAP:
          if (end - at >= 2) {
            char c = s.charAt(at);
            s.setCharAt(at, s.charAt(end - 1));
            s.setCharAt(end - 1, c);
          }
          break;
        case CUT:
          s.setLength(at);
          break;
        case DUPLICATE_LINE: {
          int ls = at == 0 ? 0 : s.lastIndexOf("\n", at - 1) + 1;
          int le = s.indexOf("\n", at);
          le = le < 0 ? s.length() : le;
          s.insert(le, "\n" + s.substring(ls, le));
          break;
        }
        case REPLACE_DIGIT:
          for (int i = at; i < end; i++) {
            if (Character.isDigit(s.charAt(i))) {
              s.setCharAt(i, m.text().charAt(0));
            }
          }
          break;
        default:
          throw new IllegalStateException();
      }
    }
    return s.toString();
  }
}
