/**
 * JMH benchmarks of every transport against hand-written baselines (connection setup, greeting
 * rate, payload size), the {@code quick} runner and the report that reads their JSON
 * ({@link io.greetwire.bench.Main} is the jar's entry point).
 */
package io.greetwire.bench;
