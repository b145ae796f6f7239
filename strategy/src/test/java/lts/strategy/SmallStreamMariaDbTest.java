package lts.strategy;

import lts.testkit.TestDatabases;

/** {@link SmallStreamTestBase} on MariaDb. */
class SmallStreamMariaDbTest extends SmallStreamTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.MARIADB;
  }
}
