package lts.app.runner;

import picocli.CommandLine.Option;

/** {@code --admin_port}: where a long-running runner serves {@code GET /health} and {@code GET /metrics}. */
public final class AdminOptions {

  @Option(names = {"--admin_port", "--admin-port"}, paramLabel = "PORT",
      defaultValue = "${env:LTS_ADMIN_PORT:--1}",
      description = "Port of the admin HTTP server (GET /health, GET /metrics in Prometheus text); "
          + "0 for any free port, -1 (default) for none (env LTS_ADMIN_PORT).")
  public int port = -1;
}
