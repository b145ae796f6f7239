package lts.api;

/** The API over MariaDB at 127.0.0.1:3306 (own database, dropped after). */
class ApiServerMariaDbTest extends ApiServerTestBase {
  @Override
  boolean mariadb() {
    return true;
  }
}
