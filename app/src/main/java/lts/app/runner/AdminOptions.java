package lts.app.runner;

import picocli.CommandLine.Option;

/** {@code --admin_port}: where a long-running runner serves {@code GET /health} and {@code GET /metrics}. */
public final class AdminOptions {

  @Option(names = {"--admin_port", "--admin-port"}, paramLabel = "PORT",
      defaultValue = "${env:LTS_ADMIN_PORT:--1}",
      description = "Port of the admin HTTP server (GET /health, GET /metrics in Prometheus text); "
          + "0 for any free port, -1 (default) for none (env LTS_ADMIN_PORT).")
  public int port = -1;

  private volatile int bound = -1;

  /** The port the admin server serves on once started (any free one for 0); -1 before or none. */
  public int boundPort() {
    return bound;
  }

  /** Set by the runner's main once its admin server listens. */
  void bound(int port) {
    this.bound = port;
  }
}
