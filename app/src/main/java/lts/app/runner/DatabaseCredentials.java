package lts.app.runner;

import picocli.CommandLine.Option;

/** {@code --db_user} and {@code --db_password}, shared by every command that opens the database. */
public final class DatabaseCredentials {

  @Option(names = {"--db_user", "--db-user"}, paramLabel = "USER", defaultValue = "${env:LTS_DB_USER}",
      description = "Database user (env LTS_DB_USER).")
  public String user;

  @Option(names = {"--db_password", "--db-password"}, paramLabel = "PASSWORD",
      defaultValue = "${env:LTS_DB_PASSWORD}",
      description = "Database password (env LTS_DB_PASSWORD; prefer the variable to the option, "
          + "which other users of the machine can see).")
  public String password;
}
