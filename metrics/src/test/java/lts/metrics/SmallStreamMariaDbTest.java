package lts.metrics;

/** {@link SmallStreamTestBase} on MariaDb. */
class SmallStreamMariaDbTest extends SmallStreamTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.MARIADB;
  }
}
