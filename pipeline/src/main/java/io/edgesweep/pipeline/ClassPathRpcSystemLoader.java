package io.edgesweep.pipeline;

import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * Gives Flink its Pekko RPC system from the class path, where edgesweep's command line has it
 * (the {@code flink-rpc-akka} jar), ahead of Flink's own loader.
 *
 * <p>Why: Flink's loader ({@code PekkoRpcSystemLoader}) copies the 22 MB jar it carries inside
 * itself to a temporary file at every start and loads Pekko and Scala from there with a class
 * loader of their own, so none of those ~8,000 classes can come from the command's class archive
 * (AppCDS, bin/edgesweep): that was the largest part of the embedded MiniCluster's start, itself
 * the largest fixed cost of a sweep on {@code flink-local}. The classes are the same either way.
 * Where the jar is not on the class path (a cluster's own processes, a bundled job jar), this
 * loader fails and Flink goes on to its own, as it does for any loader that cannot load.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {
  /** Before Flink's loader, whose priority is 0 (lower goes first). */
  @Override
  public int getLoadPriority() {
    return -1;
  }

  @Override
  public RpcSystem loadRpcSystem(Configuration config) {
    for (RpcSystem system : ServiceLoader.load(RpcSystem.class, ClassPathRpcSystemLoader.class.getClassLoader())) {
      return system;
    }
    throw new RpcLoaderException("no RPC system on the class path (flink-rpc-akka); Flink's own loader takes over");
  }
}
