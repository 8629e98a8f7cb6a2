package io.edgesweep.transforms;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
 *
 * <p>A cache of models can also be bounded by their size: a handful of a user's large models
 * would otherwise hold gigabytes. The entry just loaded always stays, whatever its size.
 */
final class WorkerCache<K, V> {
  /** Least recently used first; guarded by itself. */
  private final Map<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  /** Loads in progress, by key; guarded by {@code entries}. */
  private final Map<K, CompletableFuture<V>> loading = new HashMap<>();
  private final int capacity;
  private final long maxWeight;
  private final ToLongFunction<V> weight;
  /** The summed weight of {@code entries}; guarded by {@code entries}. */
  private long totalWeight;

  WorkerCache(int capacity) {
    this(capacity, Long.MAX_VALUE, v -> 0);
  }

  /**
   * @param maxWeight the most the entries may weigh together (bytes, say), past which the least
   *     recently used go
   */
  WorkerCache(int capacity, long maxWeight, ToLongFunction<V> weight) {
    this.capacity = capacity;
    this.maxWeight = maxWeight;
    this.weight = weight;
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
        store(key, loaded);
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
      store(key, value);
    }
  }

  /** What is cached now, by key. */
  Map<K, V> snapshot() {
    synchronized (entries) {
      return Map.copyOf(entries);
    }
  }

  /** Adds an entry and drops the least recently used past the capacity or weight; holds the lock. */
  private void store(K key, V value) {
    V replaced = entries.put(key, value);
    if (replaced != null) {
      totalWeight -= weight.applyAsLong(replaced);
    }
    totalWeight += weight.applyAsLong(value);
    // The entry just stored is the most recently used, so it is the last to go: it stays alone.
    var eldest = entries.values().iterator();
    while (entries.size() > 1 && (entries.size() > capacity || totalWeight > maxWeight)) {
      totalWeight -= weight.applyAsLong(eldest.next());
      eldest.remove();
    }
  }
}
