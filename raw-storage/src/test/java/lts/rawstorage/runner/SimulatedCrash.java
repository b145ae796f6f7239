package lts.rawstorage.runner;

/** Thrown by a test hook to stop a runner dead at a chosen point, with no clean shutdown step. */
final class SimulatedCrash extends Error {

  private static final long serialVersionUID = 1L;

  SimulatedCrash(String where) {
    super("simulated crash " + where);
  }
}
