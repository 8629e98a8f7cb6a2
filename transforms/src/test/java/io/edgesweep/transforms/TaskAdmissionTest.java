package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.model.TorchRuntime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stage tasks wait for a free core in arrival order, and a waiting or failing task never keeps one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskAdmissionTest {
  private String threadsBefore;

  @BeforeEach
  void fixedOneThreadPerTask() {
    threadsBefore = System.getProperty(TorchRuntime.THREADS_PROPERTY);
    System.setProperty(TorchRuntime.THREADS_PROPERTY, "1");
  }

  @AfterEach
  void restore() {
    TaskAdmission.useCores(null);
    if (threadsBefore == null) {
      System.clearProperty(TorchRuntime.THREADS_PROPERTY);
    } else {
      System.setProperty(TorchRuntime.THREADS_PROPERTY, threadsBefore);
    }
  }

  @Test
  void theLimitIsCoresOverThreadsPerTaskAndAtLeastOne() {
    TaskAdmission.useCores(() -> 8);
    assertThat(TaskAdmission.limit()).isEqualTo(8);
    System.setProperty(TorchRuntime.THREADS_PROPERTY, "3");
    assertThat(TaskAdmission.limit()).isEqualTo(2);
    System.setProperty(TorchRuntime.THREADS_PROPERTY, "16");
    assertThat(TaskAdmission.limit()).isEqualTo(1);
  }

  @Test
  void noMoreTasksComputeAtOnceThanTheLimitAndAllFinish() throws Exception {
    TaskAdmission.useCores(() -> 2);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      threads.add(start(() -> StageClock.time("busy", () -> {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        pause(40);
        now.decrementAndGet();
        return null;
      })));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(TaskAdmission.running()).isZero();
  }

  @Test
  void waitingTasksComputeInTheOrderTheyArrived() throws Exception {
    TaskAdmission.useCores(() -> 1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    Thread first = start(() -> StageClock.time("busy", () -> {
      await(release);
      return null;
    }));
    awaitRunning(1);
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int id = i;
      waiting.add(start(() -> StageClock.time("busy", () -> order.add(id))));
      awaitQueued(waiting.get(i));
    }
    release.countDown();
    first.join();
    for (Thread t : waiting) {
      t.join();
    }
    assertThat(order).containsExactly(0, 1, 2, 3);
  }

  @Test
  void aMeasurementInsideATaskTakesNoSecondCore() throws Exception {
    TaskAdmission.useCores(() -> 1);
    String result = StageClock.time("outer", () -> StageClock.time("inner", () -> "done"));
    assertThat(result).isEqualTo("done");
    assertThat(TaskAdmission.running()).isZero();
  }

  @Test
  void aFailingTaskGivesItsCoreBack() throws Exception {
    TaskAdmission.useCores(() -> 1);
    assertThatThrownBy(() -> StageClock.time("busy", () -> {
      throw new IOException("broken");
    })).hasMessage("broken");
    assertThat(TaskAdmission.running()).isZero();
    assertThat(StageClock.time("busy", () -> "next")).isEqualTo("next");
  }

  @Test
  void anInterruptedWaitEndsTheTaskAndTheOthersGoOn() throws Exception {
    TaskAdmission.useCores(() -> 1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = start(() -> StageClock.time("busy", () -> {
      await(release);
      return null;
    }));
    awaitRunning(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread interrupted = new Thread(() -> {
      try {
        StageClock.time("busy", () -> "never");
      } catch (IOException e) {
        failure.set(e);
      }
    });
    interrupted.start();
    awaitQueued(interrupted);
    AtomicReference<String> later = new AtomicReference<>();
    Thread next = new Thread(() -> {
      try {
        later.set(StageClock.time("busy", () -> "ran"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    next.start();
    awaitQueued(next);
    interrupted.interrupt();
    interrupted.join();
    assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
    release.countDown();
    holder.join();
    next.join();
    assertThat(later.get()).isEqualTo("ran");
    assertThat(TaskAdmission.running()).isZero();
  }

  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void noThreadFailed() {
    assertThat(failures).isEmpty();
  }

  private Thread start(StageClock.Work<?> body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    });
    thread.start();
    return thread;
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }

  private static void awaitRunning(int tasks) throws InterruptedException {
    while (TaskAdmission.running() < tasks) {
      Thread.sleep(1);
    }
  }

  private static void awaitQueued(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.WAITING) {
      Thread.sleep(1);
    }
  }
}
