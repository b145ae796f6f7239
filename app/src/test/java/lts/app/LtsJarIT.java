package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code lts.jar} (what {@code ./lts} runs), after the build shaded it: the demo
 * starts from it alone and serves the dashboard and the API. The unit tests run on Maven's test
 * classpath and cannot see a dependency the shaded jar left out (Javalin once was: every
 * {@code ./lts demo} failed while every test passed).
 */
class LtsJarIT {

  private static final Pattern READY = Pattern.compile("open http://localhost:(\\d+)/");

  @Test
  void theDemoRunsFromThePackagedJarAndServesTheDashboardAndTheApi() throws Exception {
    Path jar = Paths.get(System.getProperty("lts.jar", "target/lts.jar"));
    assertThat(jar).as("the shaded jar (mvn package)").exists();
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process demo = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "demo", "--port",
        "0").redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
              return Integer.parseInt(m.group(1));
            }
          }
        } catch (java.io.IOException e) {
          // the process ended
        }
        return -1;
      });
      int p = port.get(120, TimeUnit.SECONDS);
      assertThat(p).as("the demo said where it serves; it printed:%n%s", seen).isPositive();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + p + "/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<html");
      HttpResponse<String> events = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + p + "/api/v1/events")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    } finally {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
    assertThat(Files.exists(jar)).isTrue();
  }
}
