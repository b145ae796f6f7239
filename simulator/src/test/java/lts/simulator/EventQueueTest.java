package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void eventsComeInTimeOrderAndTiesInSchedulingOrder() {
    EventQueue queue = new EventQueue();
    SimEvent yellow = new SimEvent.YellowLight();
    SimEvent first = new SimEvent.Junk(1);
    SimEvent second = new SimEvent.Junk(2);
    SimEvent third = new SimEvent.Junk(3);
    queue.schedule(2_000, yellow);
    queue.schedule(1_000, first);
    queue.schedule(1_000, second);
    queue.schedule(1_000, third);

    assertThat(queue.next().event()).isSameAs(first);
    assertThat(queue.next().event()).isSameAs(second);
    EventQueue.Scheduled s = queue.next();
    assertThat(s.event()).isSameAs(third);
    assertThat(s.at()).isEqualTo(1_000);
    assertThat(queue.next().event()).isSameAs(yellow);
    assertThat(queue.next()).isNull();
  }
}
