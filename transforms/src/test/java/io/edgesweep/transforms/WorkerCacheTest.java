package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
