package lts.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is static files on the classpath under {@code lts/webapp/}; the api module serves
 * them at {@code /}. These checks keep it loadable offline and free of HTML injection.
 */
class WebappResourcesTest {

  private static final String ROOT = "lts/webapp/";

  private static final List<String> REQUIRED = List.of(
      "index.html", "favicon.svg", "css/app.css",
      "js/theme-boot.js", "js/main.js", "js/config.js", "js/api.js", "js/live.js", "js/router.js",
      "js/format.js", "js/dom.js", "js/prefs.js", "js/theme.js", "js/ticker.js", "js/ui.js",
      "js/shell.js", "js/events.js", "js/standings.js", "js/after-stops.js", "js/pits.js",
      "js/label-menu.js", "js/pitlane.js", "js/charts.js", "js/settings.js", "js/raceclock.js",
      "js/session-picker.js");

  /** Sinks that parse a string as HTML: data from the feed (team names) must never reach them. */
  private static final Pattern HTML_SINK = Pattern.compile(
      "\\.(innerHTML|outerHTML)\\b|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser");

  private static final Pattern EXTERNAL_URL = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");

  @Test
  void everyPageAndModuleIsOnTheClasspath() {
    for (String name : REQUIRED) {
      assertThat(getClass().getClassLoader().getResource(ROOT + name)).as(ROOT + name).isNotNull();
    }
  }

  @Test
  void indexHtmlReferencesOnlyLocalPaths() throws IOException {
    String html = read("index.html");
    assertThat(html).doesNotContainPattern("(?i)https?://");
    Matcher refs = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    List<String> found = new ArrayList<>();
    while (refs.find()) {
      String ref = refs.group(1);
      found.add(ref);
      assertThat(ref).as("reference in index.html").doesNotStartWith("//").doesNotContain(":");
      if (!ref.startsWith("#")) {
        assertThat(getClass().getClassLoader().getResource(ROOT + ref)).as("index.html refers to " + ref).isNotNull();
      }
    }
    assertThat(found).contains("css/app.css", "js/main.js", "js/theme-boot.js");
  }

  @Test
  void htmlHasNoInlineEventHandlers() throws IOException {
    assertThat(read("index.html")).doesNotContainPattern("(?i)<[^>]*\\son[a-z]+\\s*=");
  }

  @Test
  void noScriptOrStylesheetLoadsAnythingFromOutside() throws IOException {
    for (Map.Entry<String, String> file : files("js", ".js").entrySet()) {
      String code = file.getValue().replace("http://www.w3.org/2000/svg", "");
      assertThat(EXTERNAL_URL.matcher(stripComments(code)).find()).as(file.getKey() + " loads from outside").isFalse();
    }
    assertThat(EXTERNAL_URL.matcher(read("css/app.css")).find()).as("app.css loads from outside").isFalse();
    assertThat(read("css/app.css")).doesNotContainPattern("@import|@font-face");
  }

  @Test
  void noScriptUsesAnHtmlSink() throws IOException {
    for (Map.Entry<String, String> file : files("js", ".js").entrySet()) {
      assertThat(HTML_SINK.matcher(file.getValue()).find())
          .as(file.getKey() + " must build the DOM with textContent/createElement, not HTML strings")
          .isFalse();
    }
  }

  @Test
  void relativeImportsResolve() throws IOException {
    Pattern imports = Pattern.compile("(?:from\\s+|import\\s*\\(\\s*)'(\\./[^']+)'");
    for (Map.Entry<String, String> file : files("js", ".js").entrySet()) {
      Matcher m = imports.matcher(file.getValue());
      while (m.find()) {
        String target = "js/" + m.group(1).substring(2);
        assertThat(getClass().getClassLoader().getResource(ROOT + target))
            .as(file.getKey() + " imports " + m.group(1)).isNotNull();
      }
    }
  }

  @Test
  void uplotVersionInConfigIsTheWebjarOnTheClasspath() throws IOException {
    Matcher m = Pattern.compile("UPLOT_VERSION\\s*=\\s*'([^']+)'").matcher(read("js/config.js"));
    assertThat(m.find()).as("UPLOT_VERSION in config.js").isTrue();
    String base = "META-INF/resources/webjars/uplot/" + m.group(1) + "/dist/";
    assertThat(getClass().getClassLoader().getResource(base + "uPlot.esm.js")).as(base + "uPlot.esm.js").isNotNull();
    assertThat(getClass().getClassLoader().getResource(base + "uPlot.min.css")).as(base + "uPlot.min.css").isNotNull();
  }

  private static String stripComments(String code) {
    return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
  }

  private String read(String name) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ROOT + name)) {
      assertThat(in).as(ROOT + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Files of a classpath folder (from target/classes or from the jar), by name. */
  private Map<String, String> files(String folder, String suffix) throws IOException {
    URL url = getClass().getClassLoader().getResource(ROOT + folder);
    assertThat(url).as(ROOT + folder).isNotNull();
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    FileSystem jar = null;
    if ("jar".equals(uri.getScheme())) {
      try {
        jar = FileSystems.getFileSystem(uri);
      } catch (FileSystemNotFoundException e) {
        jar = FileSystems.newFileSystem(uri, Map.of());
      }
    }
    Path dir = Path.of(uri);
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (p.getFileName().toString().endsWith(suffix)) {
          out.put(folder + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    } finally {
      if (jar != null) {
        jar.close();
      }
    }
    assertThat(out).as("files in " + folder).isNotEmpty();
    return out;
  }
}
