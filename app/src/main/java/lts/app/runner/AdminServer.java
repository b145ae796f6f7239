package lts.app.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server of a runner: {@code GET /health} (200 {@code {"status":"UP"}} or 503 with
 * the reason) and {@code GET /metrics} (Prometheus text of the runner's Micrometer registry).
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on 0.0.0.0:{@code port} (0: any free port).
   *
   * @param health null when healthy, else what is wrong
   */
  public static AdminServer start(int port, PrometheusMeterRegistry registry, Supplier<String> health)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/health", ex -> {
      String problem = health.get();
      if (problem == null) {
        reply(ex, 200, "application/json", "{\"status\":\"UP\"}");
      } else {
        reply(ex, 503, "application/json", "{\"status\":\"DOWN\",\"reason\":\""
            + problem.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      }
    });
    server.createContext("/metrics", ex -> reply(ex, 200,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/", ex -> reply(ex, 404, "application/json",
        "{\"error\":\"not_found\",\"message\":\"try /health or /metrics\"}"));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "admin-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    log.info("admin server on port {} (/health, /metrics)", server.getAddress().getPort());
    return new AdminServer(server);
  }

  /** A Prometheus registry for a runner. */
  public static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      bytes = "{\"error\":\"method_not_allowed\",\"message\":\"use GET\"}".getBytes(StandardCharsets.UTF_8);
      status = 405;
      type = "application/json";
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
