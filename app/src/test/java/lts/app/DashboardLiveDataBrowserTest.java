package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import lts.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How the dashboard keeps an event's data fresh ({@code js/live.js}, {@code js/api.js}), in
 * Chromium, against a stand-in API on a free port that serves the real dashboard files: its SSE
 * stream pushes an {@code update} naming the standings every 100 ms, as a fast replay or a
 * catch-up does, or only pings, or falls silent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLiveDataBrowserTest {

  /** A page with one LiveEvent that counts the standings it received (not the failures). */
  private static final String PAGE = "<!doctype html><meta charset=\"utf-8\"><title>live</title>"
      + "<script type=\"module\">import { LiveEvent } from '/js/live.js';"
      + "window.standingsSeen = 0; const live = new LiveEvent('x');"
      + "live.on((name) => { if (name === 'standings' && !live.errors.standings) window.standingsSeen += 1; });"
      + "live.start();</script>";

  /** The same page showing session 7 of the feed, not the one the updates are about. */
  private static final String PINNED_PAGE = PAGE.replace("new LiveEvent('x')", "new LiveEvent('x', 7)");

  /** A page with the bare stream, which wants a word at least every 1.5 s. */
  private static final String STREAM_PAGE = "<!doctype html><meta charset=\"utf-8\"><title>s</title>"
      + "<script type=\"module\">import { openStream } from '/js/api.js';"
      + "window.states = []; openStream('x', { silenceMs: 1500, onUpdate: () => {},"
      + " onState: (s) => window.states.push(s) });</script>";

  private ChromeDriver browser;
  private Javalin api;
  private ScheduledExecutorService pushes;
  private AtomicInteger standingsRequests;
  private final AtomicInteger streamsOpened = new AtomicInteger();
  private final AtomicInteger updatesPushed = new AtomicInteger();
  private CountDownLatch release;

  @BeforeAll
  void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @AfterEach
  void stopApi() {
    if (release != null) {
      release.countDown();
    }
    if (pushes != null) {
      pushes.shutdownNow();
    }
    if (api != null) {
      api.stop();
    }
  }

  /** The stand-in API; with {@code hangFirst} its first standings request never answers. */
  private String startApi(boolean hangFirst) {
    return startApi(hangFirst, this::pushEvery100Ms, "/live.html");
  }

  private String startApi(boolean hangFirst, Consumer<SseClient> stream,
      String page) {
    standingsRequests = new AtomicInteger();
    streamsOpened.set(0);
    updatesPushed.set(0);
    release = new CountDownLatch(1);
    pushes = Executors.newSingleThreadScheduledExecutor();
    api = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.staticFiles.add("/lts/webapp", io.javalin.http.staticfiles.Location.CLASSPATH);
      config.routes.get("/live.html", ctx -> ctx.html(PAGE));
      config.routes.get("/stream.html", ctx -> ctx.html(STREAM_PAGE));
      config.routes.get("/pinned.html", ctx -> ctx.html(PINNED_PAGE));
      config.routes.get("/api/v1/events/x", ctx -> ctx.json(Map.of(
          "event_code", "x", "status", "live")));
      config.routes.get("/api/v1/events/x/standings", ctx -> {
        if (standingsRequests.incrementAndGet() == 1 && hangFirst) {
          release.await(60, TimeUnit.SECONDS);
        }
        ctx.contentType("application/json")
            .result("{\"event_code\":\"x\",\"session\":1,\"teams\":[],\"at\":"
                + System.currentTimeMillis() + "}");
      });
      config.routes.sse("/api/v1/events/x/stream", client -> {
        streamsOpened.incrementAndGet();
        stream.accept(client);
      });
    }).start("127.0.0.1", 0);
    return "http://127.0.0.1:" + api.port() + page;
  }

  private void pushEvery100Ms(SseClient client) {
    client.keepAlive();
    pushes.scheduleAtFixedRate(() -> {
      if (!client.terminated()) {
        updatesPushed.incrementAndGet();
        client.sendEvent("update", "{\"event_code\":\"x\",\"session\":1,\"tables\":[\"standings\"]}");
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void fifteenUpdatesOfSession1ThenOneOfSession7(SseClient client) {
    client.keepAlive();
    pushes.scheduleAtFixedRate(() -> {
      if (client.terminated() || updatesPushed.get() >= 16) {
        return;
      }
      int session = updatesPushed.incrementAndGet() <= 15 ? 1 : 7;
      client.sendEvent("update", "{\"event_code\":\"x\",\"session\":" + session
          + ",\"tables\":[\"standings\"]}");
    }, 200, 100, TimeUnit.MILLISECONDS);
  }

  private long standingsSeen() {
    Object seen = browser.executeScript("return window.standingsSeen || 0");
    return ((Number) seen).longValue();
  }

  /** Waits until the page has received the standings {@code atLeast} times. */
  private void awaitStandingsSeen(long atLeast, int seconds) {
    Boolean seen = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100))
        .withMessage(() -> standingsRequests.get() + " standings requests, "
            + standingsSeen() + " received by the page, " + updatesPushed.get() + " updates pushed")
        .until(d -> standingsSeen() >= atLeast);
    assertThat(seen).isTrue();
  }

  @Test
  void updatesComingFasterThanTheBatchWindowStillRefreshTheStandings() {
    browser.get(startApi(false));
    // every 100 ms an update: the page must refetch about four times a second, not wait for a
    // quiet moment that never comes
    awaitStandingsSeen(8, 10);
    assertThat(standingsRequests.get()).as("the updates of 250 ms share one refetch")
        .isLessThanOrEqualTo(updatesPushed.get() * 6 / 10);
  }

  @Test
  void aPageShowingAnotherSessionIgnoresTheUpdatesOfTheLiveOne() {
    browser.get(startApi(false, this::fifteenUpdatesOfSession1ThenOneOfSession7, "/pinned.html"));
    // the update of session 7 comes after the others on the same stream: once the page has
    // refetched for it, it has read (and ignored) the fifteen before
    awaitStandingsSeen(2, 15);
    assertThat(updatesPushed).hasValue(16);
    assertThat(standingsRequests).as("the first load and the one for session 7").hasValue(2);
  }

  @Test
  void aStandingsRequestThatNeverAnswersIsGivenUpAndFetchedAgain() {
    browser.get(startApi(true));
    // the first answer never comes; after the request timeout (15 s) the next update refetches
    awaitStandingsSeen(1, 40);
    assertThat(standingsRequests.get()).as("the hung one and the one answered").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aStreamThatKeepsPingingIsKeptAndOneThatFallsSilentIsReopened() throws Exception {
    AtomicBoolean pinging = new AtomicBoolean(true);
    AtomicInteger pings = new AtomicInteger();
    browser.get(startApi(false, client -> {
      client.keepAlive();
      pushes.scheduleAtFixedRate(() -> {
        if (pinging.get() && !client.terminated()) {
          client.sendEvent("ping", "{}");
          pings.incrementAndGet();
        }
      }, 0, 300, TimeUnit.MILLISECONDS);
    }, "/stream.html"));
    // three silence windows (1.5 s) of pings, 300 ms apart
    Await.until(Duration.ofSeconds(20), () -> pings.get() >= 16, () -> pings.get() + " pings");
    assertThat(streamsOpened).as("a pinging stream is left open").hasValue(1);
    pinging.set(false);
    Boolean reopened = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100))
        .withMessage(() -> streamsOpened.get() + " streams opened, states "
            + browser.executeScript("return window.states"))
        .until(d -> streamsOpened.get() >= 2
            && String.valueOf(d.getTitle()).equals("s")
            && browser.executeScript("return window.states.slice(-1)[0]").equals("live"));
    assertThat(reopened).isTrue();
    assertThat(String.valueOf(browser.executeScript("return window.states.join(',')")))
        .startsWith("connecting,live,").contains("reconnecting,live");
  }
}
