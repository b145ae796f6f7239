package lts.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lts.api.DefaultSession.Candidate;
import org.junit.jupiter.api.Test;

class DefaultSessionTest {

  private static final Candidate RACE = new Candidate(5, "race", 1_000, 18);
  private static final Candidate PRACTICE_AFTER_THE_FLAG = new Candidate(6, "practice", 50_000, 18);
  private static final Candidate EMPTY_AFTER_THE_FLAG = new Candidate(7, "none", 60_000, 0);

  @Test
  void aPracticeSessionOpenedAfterTheFlagDoesNotHideTheRace() {
    assertThat(DefaultSession.among(List.of(RACE, PRACTICE_AFTER_THE_FLAG, EMPTY_AFTER_THE_FLAG)))
        .contains(RACE);
  }

  @Test
  void theLatestOfTwoRacesWithTeamsIsChosen() {
    Candidate morningRace = new Candidate(2, "race", 500, 10);
    assertThat(DefaultSession.among(List.of(RACE, morningRace))).contains(RACE);
    assertThat(DefaultSession.among(List.of(morningRace, RACE))).contains(RACE);
  }

  @Test
  void aRaceWithoutTeamsLosesToAnEarlierPracticeWithTeams() {
    Candidate raceNotStarted = new Candidate(9, "race", 90_000, 0);
    assertThat(DefaultSession.among(List.of(PRACTICE_AFTER_THE_FLAG, raceNotStarted)))
        .contains(PRACTICE_AFTER_THE_FLAG);
  }

  @Test
  void withoutAnySessionWithTeamsTheLatestIsChosen() {
    Candidate first = new Candidate(1, "none", 10, 0);
    assertThat(DefaultSession.among(List.of(EMPTY_AFTER_THE_FLAG, first))).contains(EMPTY_AFTER_THE_FLAG);
  }

  @Test
  void sessionsStartedAtTheSameInstantAreToldApartByTheirNumber() {
    Candidate earlierNumber = new Candidate(3, "race", 1_000, 5);
    assertThat(DefaultSession.among(List.of(RACE, earlierNumber))).contains(RACE);
  }

  @Test
  void aKindStoredInUpperCaseStillCountsAsARace() {
    Candidate storedRace = new Candidate(4, "RACE", 1_000, 5);
    assertThat(DefaultSession.among(List.of(storedRace, PRACTICE_AFTER_THE_FLAG))).contains(storedRace);
  }

  @Test
  void aFeedWithoutSessionsHasNoDefault() {
    assertThat(DefaultSession.among(List.of())).isEmpty();
  }
}
