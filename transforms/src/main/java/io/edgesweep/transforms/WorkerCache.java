package io.edgesweep.transforms;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A small least-recently-used cache shared by the DoFns of one worker JVM.
 *
 * <p>A TaskManager outlives the sweeps it runs; caching every split, teacher and logit table it
 * ever saw would grow without end. A handful of entries covers one sweep (one teacher, four
 * splits) with room for a second running beside it.
 *
 * <p>A key is loaded by one thread at a time: tasks that ask for it while it loads wait for that
 * load instead of repeating it. Evaluation tasks starting side by side each computed the teacher's
 * validation logits before (the stage's GFLOP count showed it twice), and on a TaskManager with
 * many slots each slot would read the same split or teacher at once. Different keys still load
 * side by side.
 */
final class WorkerCache<K, V> {
  private final Map<K, V> entries;
  /** Loads in progress, by key; guarded by {@code entries}. */
  private final Map<K, CompletableFuture<V>> loading = new HashMap<>();

  WorkerCache(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The cached value, computed once per key while it stays cached; loads run outside the lock.
   * If the thread loading the key fails, a thread that waited for it loads the key itself (and
   * throws its own failure).
   */
  V get(K key, Function<K, V> load) {
    CompletableFuture<V> pending;
    boolean mine = false;
    synchronized (entries) {
      V value = entries.get(key);
      if (value != null) {
        return value;
      }
      pending = loading.get(key);
      if (pending == null) {
        pending = new CompletableFuture<>();
        loading.put(key, pending);
        mine = true;
      }
    }
    if (!mine) {
      try {
        return pending.get();
      } catch (ExecutionException failedElsewhere) {
        return get(key, load);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for another task to load " + key, e);
      }
    }
    try {
      V loaded = load.apply(key);
      synchronized (entries) {
        entries.put(key, loaded);
        loading.remove(key);
      }
      pending.complete(loaded);
      return loaded;
    } catch (RuntimeException | Error e) {
      synchronized (entries) {
        loading.remove(key);
      }
      pending.completeExceptionally(e);
      throw e;
    }
  }

  /** The cached value, or null: nothing is loaded. */
  V peek(K key) {
    synchronized (entries) {
      return entries.get(key);
    }
  }

  /** Puts {@code value} in place of whatever is cached for {@code key}. */
  void put(K key, V value) {
    synchronized (entries) {
      entries.put(key, value);
    }
  }
}
