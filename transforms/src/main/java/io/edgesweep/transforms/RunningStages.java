package io.edgesweep.transforms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stages whose tasks are running in this JVM right now, by the innermost stage of each task
 * thread (the logits inside the teacher stage, the test split inside selection).
 *
 * <p>{@link StageClock} keeps it; a sampler on the client of an in-process runner reads it beside
 * the process's CPU time to tell how busy the cores were during each stage (the task threads' own
 * CPU times leave out PyTorch's worker threads).
 */
public final class RunningStages {
  private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
  private static final ThreadLocal<Deque<String>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private RunningStages() {}

  static void enter(String stage) {
    Deque<String> stack = STACK.get();
    if (!stack.isEmpty()) {
      counter(stack.peekLast()).decrementAndGet();
    }
    stack.addLast(stage);
    counter(stage).incrementAndGet();
  }

  static void exit() {
    Deque<String> stack = STACK.get();
    counter(stack.removeLast()).decrementAndGet();
    if (!stack.isEmpty()) {
      counter(stack.peekLast()).incrementAndGet();
    }
  }

  /** Running tasks per stage, stages with none left out. */
  public static Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    RUNNING.forEach((stage, n) -> {
      int running = n.get();
      if (running > 0) {
        out.put(stage, running);
      }
    });
    return out;
  }

  private static AtomicInteger counter(String stage) {
    return RUNNING.computeIfAbsent(stage, s -> new AtomicInteger());
  }
}
