package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerCacheTest {
  @Test
  void loadsOncePerKeyAndDropsTheLeastRecentlyUsedBeyondItsCapacity() {
    List<String> loads = new ArrayList<>();
    WorkerCache<String, String> cache = new WorkerCache<>(2);
    java.util.function.Function<String, String> load = k -> {
      loads.add(k);
      return k.toUpperCase();
    };
    assertThat(cache.get("a", load)).isEqualTo("A");
    assertThat(cache.get("b", load)).isEqualTo("B");
    assertThat(cache.get("a", load)).isEqualTo("A");
    cache.get("c", load);
    // "b" was used least recently, so it went when "c" came; "a" stayed.
    cache.get("a", load);
    cache.get("b", load);
    assertThat(loads).containsExactly("a", "b", "c", "b");
  }

  @Test
  void aWeightBoundDropsTheLeastRecentlyUsedUntilTheRestFitsButKeepsTheEntryJustLoaded() {
    List<String> loads = new ArrayList<>();
    // Weight: the value's length; at most 10 together.
    WorkerCache<String, String> cache = new WorkerCache<>(100, 10, String::length);
    java.util.function.Function<String, String> load = k -> {
      loads.add(k);
      return k.toUpperCase();
    };
    cache.get("aaaa", load);
    cache.get("bbbb", load);
    cache.get("aaaa", load); // 8 in all; "bbbb" now the least recently used
    cache.get("ccc", load); // 11: "bbbb" goes, 7 stay
    assertThat(cache.snapshot()).containsOnlyKeys("aaaa", "ccc");
    cache.get("dd", load); // 9: all fit
    assertThat(cache.snapshot()).containsOnlyKeys("aaaa", "ccc", "dd");
    cache.get("e".repeat(20), load); // heavier than the bound alone: it stays, every other goes
    assertThat(cache.snapshot()).containsOnlyKeys("e".repeat(20));
    cache.get("dd", load); // 22: the heavy one goes now
    assertThat(cache.snapshot()).containsOnlyKeys("dd");
    cache.get("ccc", load);
    cache.put("ccc", "cccccc"); // replaced: 2 + 6, not 2 + 3 + 6
    cache.get("ff", load); // 10: all fit
    assertThat(cache.snapshot()).containsOnlyKeys("dd", "ccc", "ff");
    assertThat(loads).containsExactly("aaaa", "bbbb", "ccc", "dd", "e".repeat(20), "dd", "ccc", "ff");
  }

  @Test
  void threadsAskingForAKeyWhileItLoadsWaitForThatLoadAndOtherKeysLoadMeanwhile() throws Exception {
    WorkerCache<String, String> cache = new WorkerCache<>(4);
    AtomicInteger loadsOfA = new AtomicInteger();
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.function.Function<String, String> slowA = k -> {
      loadsOfA.incrementAndGet();
      aStarted.countDown();
      await(release);
      return "A";
    };
    FutureTask<String> first = start(() -> cache.get("a", slowA));
    try {
      aStarted.await();
      FutureTask<String> second = start(() -> cache.get("a", slowA));
      FutureTask<String> third = start(() -> cache.get("a", slowA));
      // "b" loads while "a" is still loading.
      assertThat(start(() -> cache.get("b", String::toUpperCase)).get(10, TimeUnit.SECONDS)).isEqualTo("B");
      // Both are parked before the load ends: waiting for it, or (a cache that loads again) in a load of their own.
      awaitParked(second, third);
      release.countDown();
      assertThat(first.get()).isEqualTo("A");
      assertThat(second.get()).isEqualTo("A");
      assertThat(third.get()).isEqualTo("A");
      assertThat(loadsOfA).hasValue(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void whenTheLoadingThreadFailsAWaitingThreadLoadsTheKeyItself() throws Exception {
    WorkerCache<String, String> cache = new WorkerCache<>(4);
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FutureTask<String> failed = start(() -> cache.get("a", k -> {
      failing.countDown();
      await(release);
      throw new IllegalStateException("disk gone");
    }));
    try {
      failing.await();
      FutureTask<String> waiter = start(() -> cache.get("a", String::toUpperCase));
      awaitParked(waiter);
      assertThat(waiter.isDone()).as("the second thread waits for the first one's load").isFalse();
      release.countDown();
      assertThatThrownBy(failed::get).hasRootCauseMessage("disk gone");
      assertThat(waiter.get()).isEqualTo("A");
      assertThat(cache.peek("a")).isEqualTo("A");
    } finally {
      release.countDown();
    }
  }

  private final Map<FutureTask<?>, Thread> threads = new ConcurrentHashMap<>();

  private <T> FutureTask<T> start(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "worker-cache-test");
    thread.setDaemon(true);
    threads.put(task, thread);
    thread.start();
    return task;
  }

  /** Until each task's thread is parked (waiting) or done. */
  private void awaitParked(FutureTask<?>... tasks) throws InterruptedException {
    for (FutureTask<?> task : tasks) {
      Thread thread = threads.get(task);
      while (!task.isDone() && thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
        Thread.sleep(1);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
