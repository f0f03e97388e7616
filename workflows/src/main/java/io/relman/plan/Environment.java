package io.relman.plan;

import java.util.Map;

/**
 * One place a stack runs: its docker network, its load balancer, and the environment variables
 * that differ from one environment to the next.
 */
public record Environment(String name, String network, LoadBalancer loadBalancer, Map<String, String> env) {
  public Environment {
    env = Map.copyOf(env);
  }
}
