package lts.strategy;

import lts.testkit.TestDatabases;

/** {@link SmallStreamTestBase} on H2. */
class SmallStreamH2Test extends SmallStreamTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.H2;
  }
}
