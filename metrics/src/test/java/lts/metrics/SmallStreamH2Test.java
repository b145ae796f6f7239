package lts.metrics;

/** {@link SmallStreamTestBase} on H2. */
class SmallStreamH2Test extends SmallStreamTestBase {
  @Override
  TestDatabases.Kind kind() {
    return TestDatabases.Kind.H2;
  }
}
