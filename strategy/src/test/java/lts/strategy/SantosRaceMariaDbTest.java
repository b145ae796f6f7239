package lts.strategy;

import lts.testkit.TestDatabases;

/** {@link SantosRaceTestBase} on MariaDB (127.0.0.1:3306 or LTS_TEST_DB_URL). */
class SantosRaceMariaDbTest extends SantosRaceTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.MARIADB;
  }
}
