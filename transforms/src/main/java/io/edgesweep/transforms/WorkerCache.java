package io.edgesweep.transforms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache shared by the DoFns of one worker JVM.
 *
 * <p>A TaskManager outlives the sweeps it runs; caching every split, teacher and logit table it
 * ever saw would grow without end. A handful of entries covers one sweep (one teacher, four
 * splits) with room for a second running beside it.
 */
final class WorkerCache<K, V> {
  private final Map<K, V> entries;

  WorkerCache(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached value, computed once per key while it stays cached; loads run outside the lock. */
  V get(K key, Function<K, V> load) {
    synchronized (entries) {
      V value = entries.get(key);
      if (value != null) {
        return value;
      }
    }
    V loaded = load.apply(key);
    synchronized (entries) {
      V raced = entries.get(key);
      if (raced != null) {
        return raced;
      }
      entries.put(key, loaded);
      return loaded;
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
