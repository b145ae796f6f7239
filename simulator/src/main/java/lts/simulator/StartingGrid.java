package lts.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The field before the start: the teams with their numbers, names, drivers (and the drivers'
 * hidden pace) and first karts, and the order they line up in.
 *
 * @param teams by team index (row ids in this order)
 * @param gridOrder the teams in grid order, positions set to their grid slots
 */
record StartingGrid(List<RacingTeam> teams, List<RacingTeam> gridOrder) {

  static final double TEAM_SIGMA_MS = 450;
  static final double DRIVER_SIGMA_MS = 150;
  static final double NOISE_SIGMA_MIN_MS = 140;
  static final double NOISE_SIGMA_SPREAD_MS = 200;

  /**
   * Draws the field from {@code setup}; each team gets its own lap stream split from
   * {@code master}.
   *
   * @param kartOrder the karts shuffled: team {@code i} starts on {@code kartOrder[i]}
   */
  static StartingGrid draw(RaceSettings settings, SplittableRandom setup,
      SplittableRandom master, int[] kartOrder) {
    int n = settings.teams();
    int rowBase = 10_000 + (int) Math.floorMod(settings.seed() * 7_919L, 80_000L);
    int[] numbers = Draws.shuffledRange(1, n + Math.max(2, n / 5), setup);
    int[] teamNumbers = Arrays.copyOf(numbers, n);
    Arrays.sort(teamNumbers);
    List<String> names = Names.teams(n, setup);
    Set<String> driverNames = new HashSet<>();
    List<RacingTeam> teams = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> ds = Names.drivers(settings.driversPerTeam(), setup, driverNames);
      double teamLevel = Draws.gauss(setup) * TEAM_SIGMA_MS;
      List<Driver> drivers = new ArrayList<>();
      for (String d : ds) {
        long skill = Math.round(teamLevel + Draws.gauss(setup) * DRIVER_SIGMA_MS);
        double u = setup.nextDouble();
        drivers.add(new Driver(d, skill, NOISE_SIGMA_MIN_MS + u * u * NOISE_SIGMA_SPREAD_MS));
      }
      RacingTeam t = new RacingTeam(i, rowBase + i, Integer.toString(teamNumbers[i]),
          names.get(i), drivers, master.split());
      t.kart = kartOrder[i];
      teams.add(t);
    }
    int[] grid = Draws.shuffledRange(0, n - 1, setup);
    List<RacingTeam> gridOrder = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      RacingTeam t = teams.get(grid[p]);
      t.gridPos = p + 1;
      t.position = p + 1;
      t.reachedAt = p;
      gridOrder.add(t);
    }
    return new StartingGrid(List.copyOf(teams), List.copyOf(gridOrder));
  }
}
