package lts.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import lts.contracts.EventCode;
import lts.contracts.RaceUpdate;
import lts.contracts.RaceUpdateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code lts api}: the JSON API of docs/API.md under {@code /api/v1}, live push
 * (SSE), the OpenAPI document and Swagger UI, {@code /health}, {@code /metrics}, and the dashboard
 * (module webapp) at {@code /}. The race-wide read routes serve the session of {@code ?session=N},
 * or the {@link DefaultSession default one}, from a {@link ResponseCache} (with an {@code ETag})
 * keyed on the session too, dropped for an event by every {@link LiveUpdates#publish} of it.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String JSON = "application/json";
  /** Largest request body accepted (settings, label overrides). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * @param host address to listen on ({@code 0.0.0.0} for all)
   * @param port 0 for any free port
   * @param token bearer token for the writing routes; null: writing is refused
   * @param cacheMaxAge how long a cached response is served at most without a change
   *     notification (zero: no response cache)
   */
  public record Settings(String host, int port, String token, Duration cacheMaxAge) {
    public Settings {
      if (cacheMaxAge == null || cacheMaxAge.isNegative()) {
        throw new IllegalArgumentException("cache max age must be zero or positive, not " + cacheMaxAge);
      }
    }

    /** With the {@link ResponseCache#DEFAULT_MAX_AGE default cache max age}. */
    public Settings(String host, int port, String token) {
      this(host, port, token, ResponseCache.DEFAULT_MAX_AGE);
    }
  }

  private final Javalin app;
  private final ObjectMapper mapper = new ObjectMapper();
  private final RaceUpdateCodec updateCodec = new RaceUpdateCodec();
  private final EventQueries eventQueries;
  private final StandingsQueries standingsQueries;
  private final TeamQueries teamQueries;
  private final PitLaneQueries pitLaneQueries;
  private final SettingsQueries settingsQueries;
  private final LiveUpdates updates;
  private final ResponseCache responses;
  private final Consumer<String> invalidation;
  private final DataSource dataSource;
  private final byte[] token;

  private ApiServer(Settings settings, DataSource dataSource, LiveUpdates updates,
      Supplier<String> metrics) {
    Sql sql = new Sql(dataSource);
    this.settingsQueries = new SettingsQueries(sql);
    this.eventQueries = new EventQueries(sql, settingsQueries, updates.clocks());
    this.standingsQueries = new StandingsQueries(sql, eventQueries, settingsQueries);
    this.teamQueries = new TeamQueries(sql, eventQueries);
    this.pitLaneQueries = new PitLaneQueries(sql, eventQueries);
    this.updates = updates;
    this.responses = new ResponseCache(settings.cacheMaxAge());
    this.invalidation = responses::invalidate;
    this.dataSource = dataSource;
    this.token = settings.token() == null || settings.token().isEmpty() ? null
        : settings.token().getBytes(StandardCharsets.UTF_8);
    String openApi = resource("/lts/api/openapi.json");
    String docs = resource("/lts/api/docs.html");
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = MAX_BODY_BYTES;
      config.http.defaultContentType = JSON;
      config.jetty.host = settings.host();
      config.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = "/lts/webapp";
        s.location = Location.CLASSPATH;
        s.headers = java.util.Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
      });
      config.staticFiles.enableWebjars();
      config.routes.before("/api/*", ctx -> {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
      });
      config.routes.get("/health", this::health);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.get()));
      config.routes.get("/api/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));
      config.routes.get("/api/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docs));
      config.routes.get("/api/docs.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
          .result("window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui'});"));
      config.routes.get("/api/v1/race-rules", ctx -> json(ctx, SettingsQueries.raceRules()));
      config.routes.get("/api/v1/events",
          ctx -> cached(ctx, ResponseCache.EVERY_EVENT, "events", eventQueries::events));
      // GET /api/v1/events/{code}<path>[?session=N]: one cached body per event, path and session
      BiConsumer<String, BiFunction<String, Integer, JsonNode>> cachedPerSession = (path, query) ->
          config.routes.get("/api/v1/events/{code}" + path, ctx -> {
            String code = code(ctx);
            Integer session = session(ctx);
            cached(ctx, code, route(path.isEmpty() ? "event" : path.substring(1), session),
                () -> query.apply(code, session));
          });
      cachedPerSession.accept("", eventQueries::event);
      cachedPerSession.accept("/standings", standingsQueries::standings);
      cachedPerSession.accept("/standings/after-stops", standingsQueries::afterStops);
      config.routes.get("/api/v1/events/{code}/sessions", ctx -> {
        String code = code(ctx);
        cached(ctx, code, "sessions", () -> eventQueries.sessions(code));
      });
      config.routes.get("/api/v1/events/{code}/teams/{row}/stints", ctx -> {
        String code = code(ctx);
        int row = row(ctx);
        Integer session = session(ctx);
        cached(ctx, code, route("teams/" + row + "/stints", session),
            () -> teamQueries.stints(code, session, row));
      });
      config.routes.get("/api/v1/events/{code}/teams/{row}/laps", ctx -> {
        String since = ctx.queryParam("since_lap");
        json(ctx, teamQueries.laps(code(ctx), session(ctx), row(ctx),
            since == null ? null : Params.integer("since_lap", since)));
      });
      config.routes.get("/api/v1/events/{code}/laps", ctx -> json(ctx, teamQueries.allLaps(code(ctx),
          session(ctx), Params.optionalLong("since_at", ctx.queryParam("since_at")))));
      cachedPerSession.accept("/kart-labels", teamQueries::kartLabels);
      cachedPerSession.accept("/pit-lane", pitLaneQueries::pitLane);
      config.routes.get("/api/v1/events/{code}/settings", ctx -> {
        String code = code(ctx);
        cached(ctx, code, "settings", () -> settingsQueries.settings(code));
      });
      config.routes.put("/api/v1/events/{code}/settings", ctx -> {
        authorize(ctx);
        String code = code(ctx);
        JsonNode result = settingsQueries.updateSettings(code, body(ctx));
        notifyChange(code, null, RaceUpdate.SETTINGS);
        json(ctx, result);
      });
      config.routes.put("/api/v1/events/{code}/teams/{row}/stints/{stint}/label", ctx -> {
        authorize(ctx);
        String code = code(ctx);
        Integer requested = session(ctx);
        JsonNode result = teamQueries.overrideLabel(code, requested, row(ctx),
            Params.integer("stint", ctx.pathParam("stint")), body(ctx));
        int session = eventQueries.requireSession(code, requested).get("session").asInt();
        notifyChange(code, session, "stints", "standings", "kart_labels", "pit_lane");
        json(ctx, result);
      });
      config.routes.sse("/api/v1/events/{code}/stream", client -> {
        String code;
        try {
          code = Params.eventCode(client.ctx().pathParam("code"));
        } catch (ApiException e) {
          client.sendEvent("error", e.getMessage());
          client.close();
          return;
        }
        updates.add(code, client);
      });
      config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
      config.routes.exception(Sql.DatabaseException.class, (e, ctx) -> {
        log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        error(ctx, 503, "database_unavailable", "the database did not answer; try again shortly");
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal_error", "the server failed; see its log");
      });
      config.routes.error(404, ctx -> {
        String result = ctx.result();
        if (ctx.path().startsWith("/api/") && (result == null || !result.contains("\"error\""))) {
          error(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path()
              + " (see /api/docs)");
        }
      });
      config.routes.error(413, ctx -> error(ctx, 413, "too_large",
          "request body over " + MAX_BODY_BYTES + " bytes"));
      config.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method()
          + " is not allowed on " + ctx.path()));
    });
  }

  /** Starts a server. */
  public static ApiServer start(Settings settings, DataSource dataSource, LiveUpdates updates,
      Supplier<String> metrics) {
    ApiServer server = new ApiServer(settings, dataSource, updates, metrics);
    // every change notification drops the event's cached responses before any dashboard hears of it
    updates.beforePush(server.invalidation);
    try {
      server.app.start(settings.port());
    } catch (RuntimeException e) {
      updates.removeBeforePush(server.invalidation);
      throw e;
    }
    log.info("api and dashboard on http://{}:{}/", "0.0.0.0".equals(settings.host())
        ? "localhost" : settings.host(), server.port());
    return server;
  }

  public int port() {
    return app.port();
  }

  /** The cached responses (hits and misses; a {@code MeterBinder} for {@code /metrics}). */
  public ResponseCache responses() {
    return responses;
  }

  /**
   * Tells the dashboards of a feed that some tables changed (after dropping its cached responses),
   * those of the other replicas too when {@link LiveUpdates} has a relay.
   */
  private void notifyChange(String code, Integer session, String... tables) {
    RaceUpdate update = new RaceUpdate(new EventCode(code), session, List.of(tables), null);
    updates.publishChange(code, new String(updateCodec.encode(update), StandardCharsets.UTF_8));
  }

  private void health(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    String feedProblem = updates.feedProblem();
    if (feedProblem != null) {
      ctx.status(503).contentType(JSON).result(mapper.createObjectNode().put("status", "DOWN")
          .put("reason", feedProblem).toString());
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      if (c.isValid(2)) {
        ctx.contentType(JSON).result("{\"status\":\"UP\",\"sse_clients\":" + updates.clientCount() + "}");
        return;
      }
    } catch (Exception e) {
      log.debug("health: {}", e.toString());
    }
    ctx.status(503).contentType(JSON).result("{\"status\":\"DOWN\",\"reason\":\"database unreachable\"}");
  }

  private void authorize(Context ctx) {
    if (token == null) {
      throw new ApiException(401, "unauthorized",
          "this server has no token: start it with --token to allow changes");
    }
    String header = ctx.header("Authorization");
    byte[] given = header != null && header.startsWith("Bearer ")
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"lts\"");
      throw new ApiException(401, "unauthorized", "send Authorization: Bearer <token>");
    }
  }

  private JsonNode body(Context ctx) {
    String type = ctx.contentType();
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
      throw new ApiException(415, "unsupported_media_type", "send application/json");
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "too_large", "request body over " + MAX_BODY_BYTES + " bytes");
    }
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw ApiException.badRequest("the body is not JSON");
    }
  }

  private static String code(Context ctx) {
    return Params.eventCode(ctx.pathParam("code"));
  }

  private static int row(Context ctx) {
    return Params.integer("row id", ctx.pathParam("row"));
  }

  /** The {@code session} asked for, null for the default one. */
  private static Integer session(Context ctx) {
    return Params.session(ctx.queryParam("session"));
  }

  /** The cache key of a route of one session (or of the default one). */
  private static String route(String path, Integer session) {
    return session == null ? path : path + "?session=" + session;
  }

  private void json(Context ctx, JsonNode node) throws JsonProcessingException {
    ctx.contentType(JSON).result(mapper.writeValueAsString(node));
  }

  /**
   * A race-wide response from the cache: the body, or 304 when the client has it already
   * ({@code If-None-Match}). {@code no-cache}: a browser may keep it but asks every time.
   */
  private void cached(Context ctx, String scope, String route, Supplier<JsonNode> query) {
    ResponseCache.Response r = responses.get(scope, route, () -> {
      try {
        return mapper.writeValueAsBytes(query.get());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise " + route, e);
      }
    });
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", r.etag());
    if (matches(ctx.header("If-None-Match"), r.etag())) {
      ctx.status(HttpStatus.NOT_MODIFIED);
    } else {
      ctx.contentType(JSON).result(r.body());
    }
  }

  /** Whether an {@code If-None-Match} header names {@code etag} (weak comparison) or is *. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String given : ifNoneMatch.split(",")) {
      String g = given.trim();
      if (g.equals("*") || (g.startsWith("W/") ? g.substring(2) : g).equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private void error(Context ctx, int status, String code, String message) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.status(HttpStatus.forStatus(status)).contentType(JSON)
        .result(mapper.createObjectNode().put("error", code).put("message", message).toString());
  }

  private static String resource(String path) {
    try (InputStream in = ApiServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  @Override
  public void close() {
    updates.removeBeforePush(invalidation);
    app.stop();
  }
}
