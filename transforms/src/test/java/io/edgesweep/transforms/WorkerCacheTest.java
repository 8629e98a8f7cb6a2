package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  void threadsAskingForAKeyWhileItLoadsWaitForThatLoadAndOtherKeysLoadMeanwhile() throws Exception {
    WorkerCache<String, String> cache = new WorkerCache<>(4);
    AtomicInteger loadsOfA = new AtomicInteger();
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      java.util.function.Function<String, String> slowA = k -> {
        loadsOfA.incrementAndGet();
        aStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "A";
      };
      Future<String> first = pool.submit(() -> cache.get("a", slowA));
      aStarted.await();
      Future<String> second = pool.submit(() -> cache.get("a", slowA));
      Future<String> third = pool.submit(() -> cache.get("a", slowA));
      // "b" loads while "a" is still loading.
      assertThat(pool.submit(() -> cache.get("b", String::toUpperCase)).get(10, TimeUnit.SECONDS)).isEqualTo("B");
      Thread.sleep(100); // the waiters are at the cache by now; without waiting they would load "a" again
      release.countDown();
      assertThat(first.get()).isEqualTo("A");
      assertThat(second.get()).isEqualTo("A");
      assertThat(third.get()).isEqualTo("A");
      assertThat(loadsOfA).hasValue(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void whenTheLoadingThreadFailsAWaitingThreadLoadsTheKeyItself() throws Exception {
    WorkerCache<String, String> cache = new WorkerCache<>(4);
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> failed = pool.submit(() -> cache.get("a", k -> {
        failing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        throw new IllegalStateException("disk gone");
      }));
      failing.await();
      Future<String> waiter = pool.submit(() -> cache.get("a", String::toUpperCase));
      Thread.sleep(100);
      release.countDown();
      assertThatThrownBy(failed::get).hasRootCauseMessage("disk gone");
      assertThat(waiter.get()).isEqualTo("A");
      assertThat(cache.peek("a")).isEqualTo("A");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
