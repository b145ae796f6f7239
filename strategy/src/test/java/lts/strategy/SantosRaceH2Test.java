package lts.strategy;

import lts.testkit.TestDatabases;

/** {@link SantosRaceTestBase} on H2 in MySQL mode. */
class SantosRaceH2Test extends SantosRaceTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.H2;
  }
}
